using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Identity.Server.Oidc;

/// <summary>
/// Ends access tokens before their expiry. Access tokens have no row (see <see cref="TokensWithoutEntries"/>), so what
/// a row's status did for them is done by marks (<see cref="AccessTokenRevocation"/>): one per token revoked at the
/// revocation endpoint (its <c>jti</c>), one per grant whose code or refresh token was replayed (its authorization:
/// every token issued from it until then). The rest of what ends an access token is read where it already lives: its
/// authorization's status (user grants revoked, a locked user, a changed password) and its application (deleted).
/// </summary>
public sealed class AccessTokenRevocations(IdentityDataContext db, TimeProvider clock, IOptionsMonitor<OpenIddictServerOptions> server)
{
    private const string TokenPrefix = "jti:";
    private const string AuthorizationPrefix = "authorization:";

    /// <summary>Whether the token <paramref name="jti"/>, issued at <paramref name="issuedAt"/> from <paramref name="authorizationId"/>, was ended.</summary>
    public async Task<bool> IsRevokedAsync(string? jti, string? authorizationId, DateTimeOffset? issuedAt, CancellationToken cancellationToken)
    {
        var tokenKey = jti is { Length: > 0 } ? TokenPrefix + jti : null;
        var authorizationKey = authorizationId is { Length: > 0 } ? AuthorizationPrefix + authorizationId : null;
        if (tokenKey is null && authorizationKey is null)
        {
            return false;
        }

        // One indexed read by primary key for both marks.
        var marks = await db.AccessTokenRevocations.AsNoTracking()
            .Where(r => r.Id == tokenKey || r.Id == authorizationKey)
            .Select(r => new { r.Id, r.RevokedAt })
            .ToListAsync(cancellationToken);
        return marks.Any(mark => mark.Id == tokenKey
            // A token without an issue time cannot be placed after the mark: it is ended with the rest.
            || issuedAt is not { } issued || issued.ToUnixTimeSeconds() <= mark.RevokedAt);
    }

    /// <summary>Ends one access token (the revocation endpoint), until its own expiry.</summary>
    public Task RevokeTokenAsync(string jti, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jti);
        var now = clock.GetUtcNow();
        return MarkAsync(TokenPrefix + jti, now, expiresAt ?? now + LongestLifetime(), cancellationToken);
    }

    /// <summary>Ends every access token issued from the authorization until now (a replayed code or refresh token).</summary>
    public Task RevokeAuthorizationAsync(string authorizationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(authorizationId);
        var now = clock.GetUtcNow();
        return MarkAsync(AuthorizationPrefix + authorizationId, now, now + LongestLifetime(), cancellationToken);
    }

    /// <summary>Removes the marks that no valid token can meet any more (the background cleanup).</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        return db.AccessTokenRevocations.Where(r => r.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// The longest an access token issued now may live, so how long a mark (or an authorization) must outlive its
    /// tokens; without a configured limit, ten years.
    /// </summary>
    public static TimeSpan LongestAccessTokenLifetime(OpenIddictServerOptions options) => options.AccessTokenLifetime ?? TimeSpan.FromDays(3650);

    private TimeSpan LongestLifetime() => LongestAccessTokenLifetime(server.CurrentValue);

    private async Task MarkAsync(string id, DateTimeOffset revokedAt, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var revoked = revokedAt.ToUnixTimeSeconds();
        var expires = expiresAt.ToUnixTimeSeconds();

        // A mark that exists moves forward (a second replay ends the tokens issued since the first); else it is added.
        // Two instances adding the same mark at once: the loser's insert fails on the key and its update then applies.
        for (var attempt = 0; ; attempt++)
        {
            var moved = await db.AccessTokenRevocations.Where(r => r.Id == id)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.RevokedAt, r => r.RevokedAt > revoked ? r.RevokedAt : revoked)
                    .SetProperty(r => r.ExpiresAt, r => r.ExpiresAt > expires ? r.ExpiresAt : expires), cancellationToken);
            if (moved > 0)
            {
                return;
            }

            var mark = db.AccessTokenRevocations.Add(new AccessTokenRevocation { Id = id, RevokedAt = revoked, ExpiresAt = expires });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Added by another instance meanwhile: the next round moves it.
            }
            finally
            {
                mark.State = EntityState.Detached;
            }
        }
    }
}
