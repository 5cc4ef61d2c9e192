using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Server.Oidc;

/// <summary>
/// OpenIddict's token manager, with one addition: when a grant's chain of tokens is revoked (a code redeemed twice, a
/// refresh token replayed after the leeway: RFC 6749 4.1.2 and 10.4), its access tokens, which have no rows
/// (<see cref="TokensWithoutEntries"/>), are ended too, by a mark on the grant's authorization (<see cref="AccessTokenRevocations"/>).
/// </summary>
public sealed class GrantChainTokenManager(
    IOpenIddictTokenCache<OpenIddictEntityFrameworkCoreToken> cache,
    ILogger<OpenIddictTokenManager<OpenIddictEntityFrameworkCoreToken>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictTokenStore<OpenIddictEntityFrameworkCoreToken> store,
    AccessTokenRevocations revocations)
    : OpenIddictTokenManager<OpenIddictEntityFrameworkCoreToken>(cache, logger, options, store)
{
    public override async ValueTask<long> RevokeByAuthorizationIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        // The mark first: should the rows' update fail, the access tokens are ended all the same.
        await revocations.RevokeAuthorizationAsync(identifier, cancellationToken);
        return await base.RevokeByAuthorizationIdAsync(identifier, cancellationToken);
    }
}
