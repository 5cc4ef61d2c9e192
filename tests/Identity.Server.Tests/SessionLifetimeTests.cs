using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>
/// The sign-in session's idle timeout (3 days, sliding) and absolute lifetime (14 days), moved through with the clock:
/// past either, the user is anonymous again (the sign-in page, or login_required under prompt=none).
/// </summary>
public sealed class SessionLifetimeTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromDays(3);
    private static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromDays(14);

    private static string SilentAuthorize(string prompt = "none") =>
        Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(), extra: new Dictionary<string, string?> { ["prompt"] = prompt });

    private async Task<long> SessionRowExpiryAsync(string subject)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        return await db.Sessions.Where(s => s.UserId == subject).Select(s => s.ExpiresAt).SingleAsync();
    }

    [Fact]
    public async Task Session_UnusedPastTheIdleTimeout_IsOver()
    {
        using var browser = server.NewBrowser();
        await Flows.SignUpAndRedeemAsync(server, browser);

        server.Clock.Advance(IdleTimeout + TimeSpan.FromMinutes(1));
        var silent = await browser.GoAsync(SilentAuthorize());
        var interactive = await browser.GoAsync(SilentAuthorize(prompt: "consent"));

        Assert.Equal("login_required", silent.CallbackParameters["error"]);
        Assert.Equal("/sign-in", interactive.Url.AbsolutePath);
    }

    [Fact]
    public async Task Session_UsedWithinTheIdleTimeout_SlidesOn_KeepingItsAuthTime()
    {
        using var browser = server.NewBrowser();
        var (_, first) = await Flows.SignUpAndRedeemAsync(server, browser);

        // Four days in all, but never three idle: each use more than halfway to the expiry pushes it back.
        server.Clock.Advance(TimeSpan.FromDays(2));
        Assert.True((await browser.GoAsync(SilentAuthorize())).CallbackParameters.ContainsKey("code"));
        server.Clock.Advance(TimeSpan.FromDays(2));
        var pkce = Pkce.Create();
        var landing = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, pkce,
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));

        using var http = server.NewBackChannel();
        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], TestApps.SpaId, TestApps.SpaRedirect, pkce.Verifier);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        Assert.Equal(Jwt.Payload(first.IdToken!).GetProperty("auth_time").GetInt64(), Jwt.Payload(tokens.IdToken!).GetProperty("auth_time").GetInt64());
    }

    [Fact]
    public async Task Session_InConstantUse_EndsAtTheAbsoluteLifetime_AndItsDatabaseRowWithIt()
    {
        using var browser = server.NewBrowser();
        var (_, tokens) = await Flows.SignUpAndRedeemAsync(server, browser);
        var subject = Jwt.Payload(tokens.IdToken!).GetProperty("sub").GetString()!;
        var signedIn = server.Clock.GetUtcNow();

        for (var day = 2; day <= 12; day += 2)
        {
            server.Clock.Advance(TimeSpan.FromDays(2));
            Assert.True((await browser.GoAsync(SilentAuthorize())).CallbackParameters.ContainsKey("code"), $"day {day}");
        }

        // Renewed on day 12, the idle expiry would be day 15; the row ends with the session on day 14 (the ticket
        // records its issue time in whole seconds).
        var absoluteEnd = (signedIn + AbsoluteLifetime).ToUnixTimeMilliseconds();
        Assert.InRange(await SessionRowExpiryAsync(subject), absoluteEnd - 1000, absoluteEnd);

        server.Clock.Advance(TimeSpan.FromDays(2));
        var afterLifetime = await browser.GoAsync(SilentAuthorize());

        Assert.Equal("login_required", afterLifetime.CallbackParameters["error"]);
    }
}

/// <summary>Both session limits come from configuration.</summary>
public sealed class SessionLifetimeSettingsTests
{
    private sealed class ShortSessionFactory : IdentityServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [
            new("Security:Session:IdleTimeout", "00:30:00"), new("Security:Session:AbsoluteLifetime", "02:00:00"),
        ];
    }

    [Fact]
    public async Task ConfiguredIdleTimeoutAndAbsoluteLifetime_AreUsed()
    {
        using var server = new ShortSessionFactory();
        using var browser = server.NewBrowser();
        await Flows.SignUpAndRedeemAsync(server, browser);
        var authorize = Flows.AuthorizeUrl(TestApps.SpaId, TestApps.SpaRedirect, Pkce.Create(), extra: new Dictionary<string, string?> { ["prompt"] = "none" });

        for (var step = 0; step < 5; step++)
        {
            server.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True((await browser.GoAsync(authorize)).CallbackParameters.ContainsKey("code"), $"after {(step + 1) * 20} minutes");
        }
        server.Clock.Advance(TimeSpan.FromMinutes(20));

        Assert.Equal("login_required", (await browser.GoAsync(authorize)).CallbackParameters["error"]);
    }
}
