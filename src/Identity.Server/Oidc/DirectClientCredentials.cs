using Identity.Admin;
using Identity.Keys;
using Identity.Server.Audit;
using Identity.Server.Principals;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Oidc;

/// <summary>
/// The client-credentials grant ahead of OpenIddict's pipeline (see <see cref="DirectTokenEndpoint"/>), when the request
/// is plain and valid: a form POST with <c>grant_type</c>, an optional <c>scope</c> and the client's id and secret (HTTP
/// Basic or in the form), each once, from a confidential application allowed the grant and every scope it asks for.
/// It issues what OpenIddict issues through <c>TokenController</c> for the same request (<c>DirectClientCredentialsTests</c>
/// compares). Off with <c>TokenEndpoint:DirectClientCredentials=false</c>.
/// </summary>
public sealed class DirectClientCredentials(IOptionsMonitor<OpenIddictServerOptions> server, SigningKeyRing ring, TimeProvider clock)
{
    public const string Setting = "TokenEndpoint:DirectClientCredentials";

    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };
    private static readonly HashSet<string> Accepted =
        new([Parameters.GrantType, Parameters.Scope, Parameters.ClientId, Parameters.ClientSecret], StringComparer.Ordinal);

    public async Task<DirectTokenResponse?> TryIssueAsync(HttpContext context, IFormCollection form)
    {
        if (!DirectTokenRequest.HasOnly(form, Accepted) || DirectTokenRequest.ClientOf(context.Request, form) is not ({ } clientId, { } secret))
        {
            return null;
        }
        var scope = form[Parameters.Scope].ToString();
        if (DirectTokenRequest.ScopesOf(scope) is not { } scopes)
        {
            return null;
        }

        var applications = context.RequestServices.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await DirectTokenRequest.AuthenticateAsync(applications, clientId, secret, Permissions.GrantTypes.ClientCredentials,
            context.RequestAborted);
        if (application is null || (await ScopeGrants.NotGrantedAsync(applications, application, scopes, context.RequestAborted)).Count > 0)
        {
            return null;
        }

        var options = server.CurrentValue;
        if (ScheduledSigning.CredentialsFor(ring, options, idToken: false) is not { } signing)
        {
            return null;
        }
        var grants = ApplicationGrants.VersionOf(await applications.GetPropertiesAsync(application, context.RequestAborted));

        // Saved before the token leaves, as at the MVC action: a database that cannot take it is a 503, not a token
        // issued without its audit entry.
        var audit = context.RequestServices.GetRequiredService<DatabaseAuditLog>();
        await audit.RecordAloneAsync(
            TokenIssuedAudit.For(GrantTypes.ClientCredentials, scope.Length > 0 ? scope : null, clientId, userId: null, username: null),
            context.RequestAborted);

        // As OpenIddict does: the token's times in whole seconds.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        var expires = issuedAt + options.AccessTokenLifetime;
        var token = Tokens.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = JsonWebTokenTypes.AccessToken,
            Issuer = DirectTokenRequest.IssuerOf(context.Request, options),
            IssuedAt = issuedAt.UtcDateTime,
            Expires = expires?.UtcDateTime,
            SigningCredentials = signing,
            Claims = AccessTokenClaims(clientId, scopes, grants),
        });
        return new DirectTokenResponse(token, expires, scope);
    }

    // What OpenIddict writes into a client-credentials access token for TokenController's principal (ApplicationClaims),
    // with the presenter, the scopes and a new id it adds.
    private static Dictionary<string, object> AccessTokenClaims(string clientId, List<string> scopes, string grants)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Claims.JwtId] = Guid.NewGuid().ToString(),
            [Claims.Private.Presenter] = clientId,
        };
        foreach (var (type, value) in ApplicationClaims.For(clientId, grants))
        {
            claims[type] = value;
        }
        if (scopes.Count > 0)
        {
            claims[Claims.Scope] = string.Join(' ', scopes);
        }
        return claims;
    }
}
