using OpenIddict.Abstractions;

namespace Identity.Server.Security;

/// <summary>
/// The origins (scheme, host, port) of every redirect URI registered by an application: the web origins whose
/// scripts may call the OIDC endpoints from the browser. Read from the application store and kept briefly, so a
/// request costs a set lookup while a removed application or redirect URI stops counting within the cache lifetime.
/// </summary>
public sealed class RegisteredOrigins(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private volatile Snapshot? _snapshot;

    public async ValueTask<IReadOnlySet<string>> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && clock.GetUtcNow() < snapshot.ExpiresAt)
        {
            return snapshot.Origins;
        }

        // Two requests may reload at once on expiry; both read the same store, so the last one in wins harmlessly.
        var origins = await LoadAsync(cancellationToken);
        _snapshot = new Snapshot(origins, clock.GetUtcNow() + CacheLifetime);
        return origins;
    }

    private async Task<IReadOnlySet<string>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var origins = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            foreach (var redirectUri in await applications.GetRedirectUrisAsync(application, cancellationToken))
            {
                // Native apps' custom schemes have no web origin a browser would send.
                if (Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
                {
                    origins.Add(uri.GetLeftPart(UriPartial.Authority));
                }
            }
        }
        return origins;
    }

    private sealed record Snapshot(IReadOnlySet<string> Origins, DateTimeOffset ExpiresAt);
}
