using Identity.Core.Applications;
using Identity.Server.Audit;
using Identity.Data;
using Identity.Keys;
using Microsoft.Extensions.Options;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Oidc;

public static class OidcServerRegistration
{
    /// <summary>Adds the OpenID Connect provider: OpenIddict's core (EF Core stores) and server, in passthrough mode.</summary>
    public static IServiceCollection AddOidcServer(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var security = ServerSecurityOptions.From(configuration);
        var requireHttps = ServerSecurityOptions.RequiresHttps(configuration, environment);

        services.Configure<ServerSecurityOptions>(configuration.GetSection(ServerSecurityOptions.Section));
        // Before AddOpenIddict: the keys must be in OpenIddict's options before its own post-configuration checks them.
        services.AddSigningKeyRing(configuration);

        services.AddSingleton<ClientSecretVerificationCache>();
        services.AddScoped<AccessTokenRevocations>();
        services.AddSingleton<ApplicationSnapshot>();
        services.AddHostedService<ApplicationSnapshotRefresher>();
        services.AddOpenIddict()
            // Register the EF Core stores for applications, authorizations, scopes and tokens.
            .AddCore(options =>
            {
                options.UseEntityFrameworkCore().UseDbContext<IdentityDataContext>();
                // Applications from a process-wide snapshot instead of a query per request, and client secrets verified
                // once per few minutes, not with PBKDF2 on every token request.
                options.ReplaceApplicationManager<OpenIddictEntityFrameworkCoreApplication, SnapshotApplicationManager>();
                // A grant's revoked chain also ends its access tokens, which have no rows (TokensWithoutEntries).
                options.ReplaceTokenManager<OpenIddictEntityFrameworkCoreToken, GrantChainTokenManager>();
            })
            .AddServer(options =>
            {
                if (configuration["Issuer"] is { Length: > 0 } issuer)
                {
                    options.SetIssuer(new Uri(issuer, UriKind.Absolute));
                }

                // Relative to the issuer {base}/oidc (see UseOidcIssuer), so Logto's SDKs find the same paths.
                options.SetConfigurationEndpointUris(OidcPaths.Configuration)
                    .SetJsonWebKeySetEndpointUris(OidcPaths.Jwks)
                    .SetAuthorizationEndpointUris(OidcPaths.Authorization)
                    .SetTokenEndpointUris(OidcPaths.Token)
                    .SetUserInfoEndpointUris(OidcPaths.UserInfo)
                    .SetEndSessionEndpointUris(OidcPaths.EndSession)
                    .SetRevocationEndpointUris(OidcPaths.Revocation)
                    .SetIntrospectionEndpointUris(OidcPaths.Introspection);

                options.AllowAuthorizationCodeFlow()
                    .AllowRefreshTokenFlow()
                    .AllowClientCredentialsFlow();

                options.RegisterScopes([.. UserScopes.All]);

                // Scopes are checked by our controllers instead of failing the request: user-facing apps get the
                // known scopes they may have and the rest is dropped (Logto's SDKs add scopes of their own), while a
                // machine-to-machine app asking for a scope it was not granted gets invalid_scope (see ScopeGrants).
                options.DisableScopeValidation();
                options.IgnoreScopePermissions();

                // API resources are registered at run time (RegisteredResources checks them), and any app may ask for
                // any of them, as in Logto: which scopes it gets is up to the roles (ScopeGrants.ForResource).
                options.DisableResourceValidation();
                options.IgnoreResourcePermissions();

                // Codes and refresh tokens are reference tokens: their state lives in the database, so reuse is
                // detected on every instance and a code survives an app restart.
                options.SetRefreshTokenReuseLeeway(security.RefreshTokenReuseLeeway);

                // Access tokens are signed JWTs that resource servers can read; codes and refresh tokens stay encrypted.
                options.DisableAccessTokenEncryption();

                var aspNetCore = options.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableUserInfoEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    .EnableErrorPassthrough();
                if (!requireHttps)
                {
                    aspNetCore.DisableTransportSecurityRequirement();
                }

                // Which key signs and which keys the JWKS publishes: decided per request by the key schedule.
                options.UseSigningKeySchedule();

                options.AddEventHandler(UseOidcIssuer.Descriptor);
                options.RemoveEventHandler(ConsoleRedirectUri.Replaced);
                options.AddEventHandler(ConsoleRedirectUri.Descriptor);
                options.AddEventHandler(RejectMismatchedBasicClientId<ExtractTokenRequestContext>.Descriptor);
                options.AddEventHandler(RejectMismatchedBasicClientId<ExtractRevocationRequestContext>.Descriptor);
                options.AddEventHandler(RejectMismatchedBasicClientId<ExtractIntrospectionRequestContext>.Descriptor);
                options.AddEventHandler(AlwaysReturnGrantedScope.Descriptor);
                options.AddEventHandler(RegisteredResources.AtAuthorization.Descriptor);
                options.AddEventHandler(RegisteredResources.AtToken.Descriptor);
                options.AddEventHandler(AccessTokenAudience.Apply.Descriptor);
                options.AddEventHandler(IntrospectionScopes.Descriptor);
                options.AddEventHandler(TokensWithoutEntries.Descriptor);
                options.AddEventHandler(CheckAccessTokenState.AtServer.Descriptor);
                options.RemoveEventHandler(RevokeAccessTokensByMark.Replaced);
                options.AddEventHandler(RevokeAccessTokensByMark.Descriptor);
                options.AddEventHandler(RecordClientAuthenticationFailure.Descriptor);
                options.AddEventHandler(ValidateCodeChallengeSyntax.Descriptor);
                options.AddEventHandler(RedirectAuthorizationErrors.Descriptor);
                options.AddEventHandler(CodeVerifierPresenceIsGrantError.Descriptor);
                options.AddEventHandler(RefuseScopesBeyondTheGrant.Descriptor);
                options.AddEventHandler(AcceptUserInfoTokensOnlyOutsideTheUrl.Descriptor);

                // A parameter sent twice is an error naming it, at every endpoint (RFC 6749 3.1), not an absent one.
                options.AddEventHandler(RefuseRepeatedParameters.AtAuthorization.Descriptor);
                options.AddEventHandler(RefuseRepeatedParameters.AtExtraction<ExtractTokenRequestContext>.Descriptor);
                options.AddEventHandler(RefuseRepeatedParameters.AtExtraction<ExtractEndSessionRequestContext>.Descriptor);
                options.AddEventHandler(RefuseRepeatedParameters.AtExtraction<ExtractUserInfoRequestContext>.Descriptor);
                options.AddEventHandler(RefuseRepeatedParameters.AtExtraction<ExtractRevocationRequestContext>.Descriptor);
                options.AddEventHandler(RefuseRepeatedParameters.AtExtraction<ExtractIntrospectionRequestContext>.Descriptor);

                // A token belongs to the client it was issued to. OpenIddict's checks at revocation and introspection
                // bind an access token to its client only when it also names an audience, which ours do not.
                options.RemoveEventHandler(RejectRevocationByAnotherClient.Replaced);
                options.AddEventHandler(RejectRevocationByAnotherClient.Descriptor);
                options.RemoveEventHandler(RejectIntrospectionByAnotherClient.Replaced);
                options.AddEventHandler(RejectIntrospectionByAnotherClient.Descriptor);

                foreach (var replaced in RefuseRequestObjects.Replaced)
                {
                    options.RemoveEventHandler(replaced);
                }
                options.AddEventHandler(RefuseRequestObjects.SetAside.Descriptor);
                options.AddEventHandler(RefuseRequestObjects.Refuse.Descriptor);
            })
            // Lets the server's own endpoints (userinfo today, the Management API later) accept its access tokens.
            .AddValidation(options =>
            {
                options.UseLocalServer();
                // The Management API takes its bearer token from the Authorization header only: a token in the URL
                // ends up in access logs and Referer headers (RFC 6750 2.3, 5.3), and /api reads JSON, not forms.
                options.UseAspNetCore()
                    .DisableAccessTokenExtractionFromQueryString()
                    .DisableAccessTokenExtractionFromBodyForm();
                options.AddEventHandler(UseOidcIssuerForValidation.Descriptor);

                // Check each token's entry in the database, so a revoked token, or one of a deleted application,
                // stops working at once instead of at its expiry.
                options.EnableTokenEntryValidation();
                // Access tokens have no entry (TokensWithoutEntries): their grant's authorization and the revocation
                // marks are checked instead.
                options.EnableAuthorizationEntryValidation();
                options.AddEventHandler(CheckAccessTokenState.AtValidation.Descriptor);
            });

        // One clock for tokens, codes and leeways, so tests can move time instead of sleeping.
        services.AddOptions<OpenIddictCoreOptions>().Configure<TimeProvider>((options, clock) => options.TimeProvider = clock);
        services.AddOptions<OpenIddictServerOptions>().Configure<TimeProvider>((options, clock) => options.TimeProvider = clock);
        services.AddOptions<OpenIddictValidationOptions>().Configure<TimeProvider>((options, clock) => options.TimeProvider = clock);

        // S256 only: "plain" PKCE gives no protection against a stolen code (RFC 9700 2.1.1).
        services.PostConfigure<OpenIddictServerOptions>(options =>
        {
            options.CodeChallengeMethods.Clear();
            options.CodeChallengeMethods.Add(CodeChallengeMethods.Sha256);
        });

        return services;
    }
}
