using Identity.Keys;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;
using static OpenIddict.Server.OpenIddictServerHandlers.Discovery;
using static OpenIddict.Server.OpenIddictServerHandlers.Protection;

namespace Identity.Server.Oidc;

/// <summary>
/// Hands the key ring to OpenIddict. OpenIddict builds its options once and signs with the first signing key, so:
/// every key that can still verify a token is registered as a signing credential (rebuilt when the ring changes, see
/// the change token sources), and two handlers apply the schedule per request: the scheduled key signs, and only the
/// published keys appear in the JWKS.
/// </summary>
public static class SigningKeyRingOpenIddict
{
    /// <summary>Registers the ring; its keys reach OpenIddict's options before OpenIddict checks them.</summary>
    public static IServiceCollection AddSigningKeyRing(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SigningKeyOptions>(configuration.GetSection(SigningKeyOptions.Section));
        services.AddSingleton<SigningKeyRing>();
        // First of all post-configurations, wherever AddOpenIddict() is called (telemetry adds a handler of its own):
        // OpenIddict's own post-configuration refuses options without keys, and runs in registration order.
        services.Insert(0, ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIddictServerOptions>, UseSigningKeyRing>());
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictServerOptions>, ServerOptionsChanges>();
        services.AddSingleton<IOptionsChangeTokenSource<OpenIddictValidationOptions>, ValidationOptionsChanges>();
        services.AddHostedService<SigningKeyMaintenance>();
        return services;
    }

    /// <summary>Adds the handlers that apply the schedule per request.</summary>
    public static OpenIddictServerBuilder UseSigningKeySchedule(this OpenIddictServerBuilder builder) =>
        builder.AddEventHandler(SignWithScheduledKey.Descriptor).AddEventHandler(PublishScheduledKeys.Descriptor);

    /// <summary>
    /// Registers the keys: the scheduled signer first, then every other key not yet expired (pending keys too, so the
    /// JWKS can publish them). Runs after every Configure (so the token lifetimes are final) and before OpenIddict's own
    /// post-configuration, which checks, sorts (a stable order for keys of one kind) and copies them to the validation parameters.
    /// </summary>
    private sealed class UseSigningKeyRing(SigningKeyRing ring, TimeProvider clock) : IPostConfigureOptions<OpenIddictServerOptions>
    {
        public void PostConfigure(string? name, OpenIddictServerOptions options)
        {
            var now = clock.GetUtcNow();
            var plan = ring.Plan(TokenLifetimes.From(options));
            var signer = SigningKeySchedule.IdTokenSignerAt(plan, ring.Options, now);
            var loaded = plan.Where(k => k != signer && k.StateAt(now) != SigningKeyState.Expired).Prepend(signer).OfType<ScheduledSigningKey>().ToList();
            foreach (var key in loaded)
            {
                options.SigningCredentials.Add(new SigningCredentials(ring.SigningKey(key.Id), key.Record.Algorithm));
            }
            ring.OptionsBuiltWith(loaded.Select(k => k.Id));

            foreach (var key in ring.EncryptionKeys)
            {
                options.EncryptionCredentials.Add(new EncryptingCredentials(key, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
            }
        }
    }

    private sealed class ServerOptionsChanges(SigningKeyRing ring) : IOptionsChangeTokenSource<OpenIddictServerOptions>
    {
        public string Name => Options.DefaultName;

        public IChangeToken GetChangeToken() => ring.ServerOptionsChangeToken();
    }

    private sealed class ValidationOptionsChanges(SigningKeyRing ring) : IOptionsChangeTokenSource<OpenIddictValidationOptions>
    {
        public string Name => Options.DefaultName;

        public IChangeToken GetChangeToken() => ring.ValidationOptionsChangeToken();
    }

    /// <summary>Signs every token (ID, access, codes, refresh) with the key the schedule names now for its kind.</summary>
    private sealed class SignWithScheduledKey(SigningKeyRing ring) : IOpenIddictServerHandler<GenerateTokenContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<GenerateTokenContext>()
                .UseSingletonHandler<SignWithScheduledKey>()
                .SetOrder(AttachSecurityCredentials.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(GenerateTokenContext context)
        {
            if (context.SigningCredentials?.Key is AsymmetricSecurityKey
                && ScheduledSigning.CredentialsFor(ring, context.Options, idToken: context.TokenType == TokenTypeIdentifiers.IdentityToken) is { } credentials)
            {
                context.SigningCredentials = credentials;
            }
            return default;
        }
    }

    /// <summary>Publishes the pending, active and retiring keys only: a retired key still verifies the server's own tokens.</summary>
    private sealed class PublishScheduledKeys(SigningKeyRing ring) : IOpenIddictServerHandler<HandleJsonWebKeySetRequestContext>
    {
        public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
            OpenIddictServerHandlerDescriptor.CreateBuilder<HandleJsonWebKeySetRequestContext>()
                .UseSingletonHandler<PublishScheduledKeys>()
                .SetOrder(AttachSigningKeys.Descriptor.Order + 500)
                .SetType(OpenIddictServerHandlerType.Custom)
                .Build();

        public ValueTask HandleAsync(HandleJsonWebKeySetRequestContext context)
        {
            var now = ScheduledSigning.Now(context.Options);
            var hidden = ring.Plan(TokenLifetimes.From(context.Options))
                .Where(k => !SigningKeySchedule.IsPublished(k.StateAt(now))).Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
            context.Keys.RemoveAll(k => k.Kid is { } kid && hidden.Contains(kid));
            return default;
        }
    }
}

/// <summary>The credentials of the key the schedule names to sign now, among those OpenIddict's options were built with.</summary>
public static class ScheduledSigning
{
    /// <param name="idToken">An ID token (signed with Keys:Algorithm), or any other token (Keys:AccessTokenAlgorithm).</param>
    public static SigningCredentials? CredentialsFor(SigningKeyRing ring, OpenIddictServerOptions options, bool idToken)
    {
        var plan = ring.Plan(TokenLifetimes.From(options));
        var now = Now(options);
        var signer = idToken
            ? SigningKeySchedule.IdTokenSignerAt(plan, ring.Options, now)
            : SigningKeySchedule.AccessTokenSignerAt(plan, ring.Options, now);
        return signer is null ? null : options.SigningCredentials.Find(c => c.Kid == signer.Id);
    }

    public static DateTimeOffset Now(OpenIddictServerOptions options) => (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
}
