using Identity.Core.Social;
using Identity.Data;
using Identity.Server.Operations;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Tests;

/// <summary>A server with the background cleanup on (the other test servers turn it off), every hour.</summary>
public sealed class CleanupServerFactory : IdentityServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Cleanup:Enabled", "true"), new("Cleanup:Interval", "01:00:00")];
}

/// <summary>
/// The background cleanup prunes expired, redeemed and revoked tokens older than the minimum lifespan (14 days),
/// expired sessions and expired social sign-in attempts; valid and recent rows stay.
/// </summary>
public sealed class TokenCleanupTests(CleanupServerFactory server) : IClassFixture<CleanupServerFactory>
{
    private async Task<string> CreateTokenAsync(DateTimeOffset created, DateTimeOffset expires, string status = Statuses.Valid)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var token = await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            CreationDate = created, ExpirationDate = expires, Status = status, Subject = "cleanup-test", Type = TokenTypeHints.AccessToken,
        });
        return (await tokens.GetIdAsync(token))!;
    }

    private async Task<bool> TokenExistsAsync(string id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>().FindByIdAsync(id) is not null;
    }

    [Fact]
    public async Task RunOnce_PrunesExpiredAndRedeemedRows_AndKeepsValidAndRecentOnes()
    {
        // The store compares expiry with the real clock, creation with the threshold from ours (it starts at the real now).
        var now = server.Clock.GetUtcNow();
        var expired = await CreateTokenAsync(now.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
        var redeemed = await CreateTokenAsync(now.AddDays(-30), now.AddDays(30), Statuses.Redeemed);
        var valid = await CreateTokenAsync(now.AddDays(-30), now.AddDays(30));
        var recentlyRedeemed = await CreateTokenAsync(now.AddDays(-1), now.AddDays(30), Statuses.Redeemed);

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
            db.Sessions.Add(new SessionRecord { Id = "expired-session", ProtectedTicket = "x", ExpiresAt = now.AddMinutes(-1).ToUnixTimeMilliseconds() });
            db.Sessions.Add(new SessionRecord { Id = "live-session", ProtectedTicket = "x", ExpiresAt = now.AddHours(1).ToUnixTimeMilliseconds() });
            db.SocialAttempts.Add(new SocialAttempt
            {
                Id = "expired-attempt", BrowserBinding = "b", ConnectorId = "c", ReturnUrl = "/", RedirectUri = "",
                CreatedAt = now.AddMinutes(-20), ExpiresAt = now.AddMinutes(-10),
            });
            await db.SaveChangesAsync();
        }

        // (The background loop may run at the same time: the assertions are on the rows, not on who deleted them.)
        await server.Services.GetRequiredService<TokenCleanup>().RunOnceAsync();

        Assert.False(await TokenExistsAsync(expired));
        Assert.False(await TokenExistsAsync(redeemed));
        Assert.True(await TokenExistsAsync(valid));
        Assert.True(await TokenExistsAsync(recentlyRedeemed));
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
            Assert.Equal(["live-session"], await db.Sessions.Where(s => s.Id.EndsWith("-session")).Select(s => s.Id).ToListAsync());
            Assert.False(await db.SocialAttempts.AnyAsync(a => a.Id == "expired-attempt"));
        }
    }

    [Fact]
    public async Task RunOnce_RemovesAccessTokenRevocationMarks_OnlyOnceEveryTokenTheyEndHasExpired()
    {
        var now = server.Clock.GetUtcNow().ToUnixTimeSeconds();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
            db.AccessTokenRevocations.Add(new AccessTokenRevocation { Id = "jti:cleanup-expired", RevokedAt = now - 7200, ExpiresAt = now - 1 });
            db.AccessTokenRevocations.Add(new AccessTokenRevocation { Id = "jti:cleanup-live", RevokedAt = now - 60, ExpiresAt = now + 3540 });
            await db.SaveChangesAsync();
        }

        await server.Services.GetRequiredService<TokenCleanup>().RunOnceAsync();

        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
            Assert.Equal(["jti:cleanup-live"], await db.AccessTokenRevocations.Where(r => r.Id.StartsWith("jti:cleanup-")).Select(r => r.Id).ToListAsync());
        }
    }

    [Fact]
    public async Task TheBackgroundService_RunsAtStart_AndAgainAfterTheInterval()
    {
        var cleanup = server.Services.GetRequiredService<TokenCleanup>();
        await WaitForAsync(() => cleanup.CompletedRuns >= 1);
        var runs = cleanup.CompletedRuns;
        var now = server.Clock.GetUtcNow();
        var expired = await CreateTokenAsync(now.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));

        server.Clock.Advance(TimeSpan.FromHours(1));

        await WaitForAsync(() => cleanup.CompletedRuns > runs);
        Assert.False(await TokenExistsAsync(expired));
    }

    // The runs happen on the service's own task: wait for them (a few seconds at most).
    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }
        Assert.True(condition());
    }
}
