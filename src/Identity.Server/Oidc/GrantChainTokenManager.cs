using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Server.Oidc;

/// <summary>
/// OpenIddict's token manager, with two changes: when a grant's chain of tokens is revoked (a code redeemed twice, a
/// refresh token replayed after the leeway: RFC 6749 4.1.2 and 10.4), its access tokens, which have no rows
/// (<see cref="TokensWithoutEntries"/>), are ended too, by a mark on the grant's authorization (<see cref="AccessTokenRevocations"/>);
/// and a code or refresh token is redeemed by one conditional UPDATE (<see cref="TryRedeemAsync"/>).
/// </summary>
public sealed class GrantChainTokenManager(
    IOpenIddictTokenCache<OpenIddictEntityFrameworkCoreToken> cache,
    ILogger<OpenIddictTokenManager<OpenIddictEntityFrameworkCoreToken>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictTokenStore<OpenIddictEntityFrameworkCoreToken> store,
    AccessTokenRevocations revocations,
    IdentityDataContext db)
    : OpenIddictTokenManager<OpenIddictEntityFrameworkCoreToken>(cache, logger, options, store)
{
    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        // The mark first: should the rows' update fail, the access tokens are ended all the same.
        await revocations.RevokeAuthorizationAsync(identifier, cancellationToken);
        return await base.RevokeByAuthorizationIdAsync(identifier, cancellationToken);
    }

    /// <summary>
    /// Redeems the token if, and only if, it is still valid, in one conditional UPDATE instead of OpenIddict's read,
    /// change and save through EF's change tracker (a concurrency-checked SaveChanges): of two concurrent redemptions
    /// exactly one gets <c>true</c>. A refresh token already redeemed within the reuse leeway gets <c>false</c>, which
    /// OpenIddict ignores for refresh tokens, as before (the leeway was checked when the token was validated).
    /// </summary>
    public override async ValueTask<bool> TryRedeemAsync(OpenIddictEntityFrameworkCoreToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var now = (Options.CurrentValue.TimeProvider ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var redeemed = await db.Set<OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Id == token.Id && t.Status == OpenIddictConstants.Statuses.Valid)
            .ExecuteUpdateAsync(set => set
                .SetProperty(t => t.Status, OpenIddictConstants.Statuses.Redeemed)
                .SetProperty(t => t.RedemptionDate, t => t.RedemptionDate ?? now)
                .SetProperty(t => t.ConcurrencyToken, Guid.NewGuid().ToString()), cancellationToken);

        // The instance this request holds no longer matches its row: no later save of the request may write it back.
        if (db.Entry(token).State != EntityState.Detached)
        {
            db.Entry(token).State = EntityState.Detached;
        }
        return redeemed == 1;
    }
}
