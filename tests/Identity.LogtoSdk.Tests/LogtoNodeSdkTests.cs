using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Xunit.Abstractions;

namespace Identity.LogtoSdk.Tests;

/// <summary>
/// An app written against Logto's Node SDK (@logto/node 3.1.11, as express and next apps use it), unchanged, as the
/// Traditional app "bookstore": it builds the requests and handles the tokens; the tests play the user's browser.
/// </summary>
public sealed class LogtoNodeSdkTests(IdentityServerFactory server, ITestOutputHelper output) : IClassFixture<IdentityServerFactory>
{
    private const string Password = Flows.GoodPassword;

    private Task<LogtoNodeApp> StartAppAsync()
    {
        // The SDK checks the ID token's iat against the real clock (300 s tolerance), so the server's test clock,
        // which stands still, is brought up to now first.
        var now = DateTimeOffset.UtcNow;
        if (now > server.Clock.GetUtcNow())
        {
            server.Clock.SetUtcNow(now);
        }
        return LogtoNodeApp.StartAsync(server.BaseAddress, TestApps.TraditionalId, TestApps.TraditionalSecret);
    }

    [Fact]
    public async Task LogtoNodeSdk_SignUpFirst_SignsUpRefreshesReadsUserInfoAndSignsOut()
    {
        await using var app = await StartAppAsync();
        using var browser = server.NewBrowser();
        var username = Flows.NewUsername();

        // The app asks for sign-up first; the user lands on the register page and creates an account.
        var signIn = await app.ExpectAsync("signIn", new { redirectUri = TestApps.TraditionalRedirect, interactionMode = "signUp" });
        var authorizeUrl = Url(signIn, "navigate");
        Assert.StartsWith(server.BaseAddress.AbsoluteUri + "oidc/", authorizeUrl.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("signUp", Query(authorizeUrl, "interaction_mode"));

        var register = await browser.GoAsync(authorizeUrl.AbsoluteUri);
        Assert.Equal("Create your account", register.Heading);
        var landing = await browser.SubmitAsync(register, new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = Password, ["ConfirmPassword"] = Password,
        });
        var callback = BackToApp(landing, TestApps.TraditionalRedirect);

        // The app redeems the code (Basic + body client_id), verifies the ID token and knows the user.
        var signedIn = await app.ExpectAsync("callback", new { url = callback.AbsoluteUri });
        Assert.True(signedIn["isAuthenticated"]?.GetValue<bool>());
        var claims = signedIn["claims"]!;
        var subject = claims["sub"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(subject));
        Assert.Equal(username, claims["username"]?.GetValue<string>());
        Assert.Equal(server.Issuer, claims["iss"]?.GetValue<string>());
        Assert.Equal(TestApps.TraditionalId, claims["aud"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty((await app.ExpectAsync("refreshToken"))["refreshToken"]?.GetValue<string>()),
            "A refresh token is expected: the SDK asks for offline_access with prompt=consent.\n" + await app.DescribeAsync());

        // The access token from the code exchange opens userinfo.
        var accessToken = (await app.ExpectAsync("accessToken"))["accessToken"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(accessToken));
        var userInfo = (await app.ExpectAsync("userInfo"))["userInfo"]!;
        Assert.Equal(subject, userInfo["sub"]?.GetValue<string>());
        Assert.Equal(username, userInfo["username"]?.GetValue<string>());

        // Refresh: a new access token and a rotated refresh token, still for the same user, and userinfo still answers.
        var refreshed = await app.ExpectAsync("refresh");
        Assert.Equal(accessToken, refreshed["previousAccessToken"]?.GetValue<string>());
        Assert.NotEqual(accessToken, refreshed["accessToken"]?.GetValue<string>());
        var rotatedRefreshToken = refreshed["refreshToken"]?.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(rotatedRefreshToken));
        Assert.NotEqual(refreshed["previousRefreshToken"]?.GetValue<string>(), rotatedRefreshToken);
        Assert.Equal(subject, refreshed["claims"]?["sub"]?.GetValue<string>());
        Assert.Equal(username, (await app.ExpectAsync("userInfo"))["userInfo"]?["username"]?.GetValue<string>());

        // @logto/node's getContext, as its express/next wrappers call it on every request.
        var context = (await app.ExpectAsync("context"))["context"]!;
        Assert.True(context["isAuthenticated"]?.GetValue<bool>(), context.ToJsonString());
        Assert.Equal(username, context["userInfo"]?["username"]?.GetValue<string>());

        // The user's browser still has its session with the server.
        Assert.Equal(PromptNone.SignedIn, await PromptNoneAsync(browser));
        await app.ExpectAsync("trace");

        // Sign-out: the SDK revokes the refresh token, then the browser goes to the end-session URL (client_id and
        // post_logout_redirect_uri, no id_token_hint) and comes back to the app without a confirmation page.
        var signOut = await app.ExpectAsync("signOut", new { postLogoutRedirectUri = TestApps.TraditionalPostLogout });
        Assert.False(signOut["isAuthenticated"]?.GetValue<bool>());
        var revocation = (await app.ExpectAsync("trace"))["http"]!.AsArray()
            .SingleOrDefault(e => e?["url"]?.GetValue<string>().Contains("/revo", StringComparison.Ordinal) == true);
        Assert.True(revocation?["status"]?.GetValue<int>() == 200, $"The SDK's revocation request: {revocation?.ToJsonString()}");
        using (var backChannel = server.NewBackChannel())
        {
            var reuse = await Flows.PostTokenAsync(backChannel, new Dictionary<string, string?>
            {
                ["grant_type"] = "refresh_token", ["refresh_token"] = rotatedRefreshToken, ["client_id"] = TestApps.TraditionalId,
            }, (TestApps.TraditionalId, TestApps.TraditionalSecret));
            Assert.Equal("invalid_grant", reuse.Error);
        }

        var endSessionUrl = Url(signOut, "navigate");
        Assert.Equal(TestApps.TraditionalId, Query(endSessionUrl, "client_id"));
        Assert.Equal(TestApps.TraditionalPostLogout, Query(endSessionUrl, "post_logout_redirect_uri"));
        var loggedOut = await browser.GoAsync(endSessionUrl.AbsoluteUri);
        Assert.True(loggedOut.LeftServerTo is not null,
            $"Sign-out stopped on {loggedOut.Url} ({(int)loggedOut.Status}, \"{loggedOut.Heading}\") instead of returning to the app.");
        Assert.Equal(TestApps.TraditionalPostLogout, loggedOut.LeftServerTo!.GetLeftPart(UriPartial.Path));

        // The server's session is over: a silent authorization now asks for a login.
        Assert.Equal(PromptNone.LoginRequired, await PromptNoneAsync(browser));
        output.WriteLine(await app.DescribeAsync());
    }

    [Fact]
    public async Task LogtoNodeSdk_SignIn_ExistingUserSignsInOnTheSignInPage()
    {
        var username = await AccountPages.CreateUserAsync(server, Password);
        await using var app = await StartAppAsync();
        using var browser = server.NewBrowser();

        // A plain signIn(redirectUri): no interaction mode, so the sign-in page comes first.
        var signIn = await app.ExpectAsync("signIn", new { redirectUri = TestApps.TraditionalRedirect });
        var page = await browser.GoAsync(Url(signIn, "navigate").AbsoluteUri);
        Assert.Equal("Sign in to your account", page.Heading);
        var landing = await browser.SubmitAsync(page, new Dictionary<string, string> { ["Username"] = username, ["Password"] = Password });
        var callback = BackToApp(landing, TestApps.TraditionalRedirect);

        var signedIn = await app.ExpectAsync("callback", new { url = callback.AbsoluteUri });
        Assert.True(signedIn["isAuthenticated"]?.GetValue<bool>());
        Assert.Equal(username, signedIn["claims"]?["username"]?.GetValue<string>());
        Assert.Equal(username, (await app.ExpectAsync("userInfo"))["userInfo"]?["username"]?.GetValue<string>());
        output.WriteLine(await app.DescribeAsync());
    }

    private enum PromptNone { SignedIn, LoginRequired, Other }

    /// <summary>What a silent (prompt=none) authorization for the app says about the browser's session.</summary>
    private static async Task<PromptNone> PromptNoneAsync(BrowserSession browser)
    {
        var result = await browser.GoAsync(Flows.AuthorizeUrl(TestApps.TraditionalId, TestApps.TraditionalRedirect, Pkce.Create(),
            extra: new Dictionary<string, string?> { ["prompt"] = "none" }));
        var parameters = result.CallbackParameters;
        return parameters.ContainsKey("code") ? PromptNone.SignedIn
            : parameters.TryGetValue("error", out var error) && error == "login_required" ? PromptNone.LoginRequired
            : PromptNone.Other;
    }

    /// <summary>The URL the browser was sent back to the app with, which must be the app's redirect URI.</summary>
    private static Uri BackToApp(PageResult result, string redirectUri)
    {
        Assert.True(result.LeftServerTo is not null,
            $"The browser stayed on {result.Url} ({(int)result.Status}, \"{result.Heading}\"): {result.Alert}");
        Assert.Equal(redirectUri, result.LeftServerTo!.GetLeftPart(UriPartial.Path));
        return result.LeftServerTo;
    }

    private static Uri Url(JsonObject answer, string property) =>
        new(answer[property]?.GetValue<string>() ?? throw new InvalidOperationException($"No {property} in {answer.ToJsonString()}"));

    private static string? Query(Uri url, string name) =>
        QueryHelpers.ParseQuery(url.Query).TryGetValue(name, out var value) ? value.ToString() : null;
}
