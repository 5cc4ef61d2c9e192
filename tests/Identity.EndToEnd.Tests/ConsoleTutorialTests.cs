using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// Logto's tutorial, every admin step only through the console, in a real browser on a fresh database: the first admin
/// from the one-time link, "Bookstore" from the Flask card (its secret read on the congrats page), the OAuth2 connector
/// from its generated form, sign-up identifier None and the connector in the sign-in experience (the live preview shows
/// "Continue with OAuth2" before saving). Then an unchanged @logto/node app signs a new person in with "Continue with
/// OAuth2", and the dashboard counts one new user and one daily active user.
/// </summary>
public sealed partial class ConsoleTutorialTests(Browser browser) : IClassFixture<Browser>
{
    private const string AppCallback = "http://127.0.0.1:3000/callback";

    [Fact]
    public async Task Tutorial_OnlyThroughTheConsole_LogtoSdkAppSignsInWithContinueWithOAuth2_AndTheDashboardCountsIt()
    {
        using var provider = FakeOAuth2Provider.Start();
        using var server = new ServerProcess();
        await server.InitializeAsync();
        var shots = new Screenshots("console-tutorial");
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        try
        {
            await WalkAsync(server, provider, page, shots);
        }
        catch
        {
            await shots.TakeFailureAsync([page]);
            throw;
        }
    }

    private async Task WalkAsync(ServerProcess server, FakeOAuth2Provider provider, IPage page, Screenshots shots)
    {
        string Url(string path) => new Uri(server.BaseUri, path).AbsoluteUri;

        // The first admin, from the link the server printed.
        await page.GotoAsync(Url(await SetupLinkAsync(server)));
        await page.Locator("#username").FillAsync("ada_admin");
        await page.Locator("#password").FillAsync(ConsoleServer.Password);
        await shots.TakeAsync(page, "setup");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin" }).ClickAsync();
        await page.GetByLabel("Username").FillAsync("ada_admin");
        await page.GetByLabel("Password").FillAsync(ConsoleServer.Password);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(Url("/console"));

        // Get started → Flask → "Bookstore" → the congrats page with its secret.
        await page.GetByRole(AriaRole.Link, new() { Name = "Get started" }).ClickAsync();
        await shots.TakeAsync(page, "get-started");
        await page.Locator("a.framework-card[href*='framework=flask']").ClickAsync();
        await page.Locator("#name").FillAsync("Bookstore");
        await page.Locator("#id").FillAsync("bookstore");
        await page.Locator("#redirectUris").FillAsync(AppCallback);
        await page.Locator("main form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/console/applications/bookstore/created"));
        var secret = (await page.Locator("#app-secret").TextContentAsync())!.Trim();
        await shots.TakeAsync(page, "created");

        // Connectors → Add social connector → OAuth2 → its README and form → Save and Done.
        await page.GetByRole(AriaRole.Link, new() { Name = "Connectors", Exact = true }).ClickAsync();
        await page.GotoAsync(Url("/console/connectors/new"));
        await page.Locator("a[href='/console/connectors/new/oauth2']").ClickAsync();
        await page.Locator("#id").FillAsync("acme-oauth2");
        await page.Locator("#target").FillAsync("acme");
        // The name on the button, as the tutorial's admin names it in Logto's form.
        await page.Locator("#name").FillAsync("OAuth2");
        await page.Locator("#config-authorizationEndpoint").FillAsync(new Uri(provider.BaseUri, "authorize").AbsoluteUri);
        await page.Locator("#config-tokenEndpoint").FillAsync(new Uri(provider.BaseUri, "token").AbsoluteUri);
        await page.Locator("#config-userInfoEndpoint").FillAsync(new Uri(provider.BaseUri, "userinfo").AbsoluteUri);
        await page.Locator("#config-clientId").FillAsync(FakeOAuth2Provider.ClientId);
        await page.Locator("#config-clientSecret").FillAsync(FakeOAuth2Provider.ClientSecret);
        await page.Locator("#config-scope").FillAsync(FakeOAuth2Provider.Scope);
        await page.Locator("#config-profileMap").FillAsync("""{ "id": "sub", "avatar": "picture" }""");
        await shots.TakeAsync(page, "connector");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and Done" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/console/connectors(\\?.*)?$"));

        // Sign-in experience → sign-up identifier None, add the connector, the preview shows the button, save.
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign-in experience" }).ClickAsync();
        await page.Locator("#signUpIdentifier-none").CheckAsync();
        await page.Locator("#addTarget").SelectOptionAsync("acme");
        await page.Locator("button[name=move][value=add]").ClickAsync();
        await Assertions.Expect(page.FrameLocator("iframe").GetByText("Continue with OAuth2")).ToBeVisibleAsync();
        await shots.TakeAsync(page, "sign-in-experience");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]").First).ToBeVisibleAsync();

        // The app: an unchanged Logto SDK client with the console's values; a new person picks "Continue with OAuth2".
        await using var app = await LogtoNodeApp.StartAsync(server.BaseUri, "bookstore", secret);
        var signIn = await app.ExpectAsync("signIn", new { redirectUri = AppCallback });
        var person = await browser.NewPageAsync();
        var callback = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await person.RouteAsync(AppCallback + "**", async route =>
        {
            callback.TrySetResult(route.Request.Url);
            await route.FulfillAsync(new() { Status = 200, Body = "signed in" });
        });
        await person.GotoAsync(signIn["navigate"]!.GetValue<string>());
        await person.GetByRole(AriaRole.Button, new() { Name = "Continue with OAuth2" }).ClickAsync();
        var signedIn = await app.ExpectAsync("callback", new { url = await callback.Task.WaitAsync(TimeSpan.FromSeconds(15)) });
        Assert.True(signedIn["isAuthenticated"]?.GetValue<bool>(), await app.DescribeAsync());

        // The dashboard counts the new person (the admin runs the server and is not counted).
        await page.GotoAsync(Url("/console"));
        await shots.TakeAsync(page, "dashboard");
        Assert.Equal("1", (await page.Locator("#stat-new-today .stat__value").TextContentAsync())!.Trim());
        Assert.Equal("1", (await page.Locator("#stat-dau .stat__value").TextContentAsync())!.Trim());
    }

    private static async Task<string> SetupLinkAsync(ServerProcess server)
    {
        // Printed once the server listens; a moment's grace for stdout.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (SetupLink().Match(server.Output) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("No setup link printed:\n" + server.Output);
    }

    [GeneratedRegex(@"https?://[^\s/]+(/console/setup\?token=\S+)")]
    private static partial Regex SetupLink();
}
