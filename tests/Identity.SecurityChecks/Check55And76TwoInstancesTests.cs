using System.Net;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Checks 55 and 76: two instances on one database behave as one server.</summary>
public sealed class Check55And76TwoInstancesTests(TwoInstances servers) : IClassFixture<TwoInstances>
{
    [Fact]
    public async Task Check55_FailuresSpreadOverTwoInstances_AreCountedTogether_AndTheLockHoldsOnBoth()
    {
        var username = HostedForms.NewUsername();
        using (var browser = servers.A.NewBrowser())
        {
            await HostedForms.RegisterAsync(browser, username, CheckSeed.Password);
        }

        using var attacker = servers.A.NewBrowser(servers.B.BaseUri);
        for (var i = 0; i < 5; i++)
        {
            var instance = i % 2 == 0 ? servers.A : servers.B;
            var page = await attacker.GoAsync(new Uri(instance.BaseUri, "/sign-in").AbsoluteUri);
            await Oidc.SubmitSignInAsync(attacker, page, username, "wrong password " + i);
        }

        foreach (var instance in new[] { servers.A, servers.B })
        {
            using var owner = instance.NewBrowser();
            await HostedForms.SignInAsync(owner, username, CheckSeed.Password);
            Assert.False(await HostedForms.IsSignedInAsync(owner), $"The right password got in on {instance.BaseUri} during the lockout.");
        }
    }

    [Fact]
    public async Task Check76_PageFromAPostedToB_CookieFromBAcceptedByA_CodeFromBRedeemedAtA_TokenFromAAcceptedByB()
    {
        using var browser = servers.A.NewBrowser(servers.B.BaseUri);

        // The sign-in page comes from A; its form (antiforgery token included) is posted to B.
        var pageFromA = await browser.GoAsync(Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect));
        Assert.Equal(servers.A.BaseUri.Authority, pageFromA.Url.Authority);
        var postedToB = pageFromA with { Url = new Uri(servers.B.BaseUri, pageFromA.Url.PathAndQuery) };
        var landing = await Oidc.SubmitSignInAsync(browser, postedToB, CheckSeed.Alice, CheckSeed.Password);
        Assert.True(landing.LeftServerTo is not null, $"Posting A's form to B failed: {(int)landing.Status} {landing.Alert}");
        Assert.Equal(servers.A.Issuer, landing.CallbackParameters["iss"]);

        // The code B issued is redeemed at A; A's access token is accepted at B's userinfo.
        using var atA = servers.A.NewBackChannel();
        var tokens = await Oidc.RedeemAsync(atA, landing.CallbackParameters["code"], CheckSeed.WebRedirect);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        using var atB = servers.B.NewBackChannel();
        using var userInfo = await Oidc.UserInfoAsync(atB, tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);

        // The session cookie B set is accepted by A: a silent authorization there returns a code at once.
        var silentAtA = await browser.GoAsync(new Uri(servers.A.BaseUri, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, "openid",
            extra: new Dictionary<string, string?> { ["prompt"] = "none" })).AbsoluteUri);
        Assert.True(silentAtA.CallbackParameters.ContainsKey("code"), silentAtA.LeftServerTo?.ToString() ?? silentAtA.Html);
    }
}
