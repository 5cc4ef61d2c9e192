using System.Text.RegularExpressions;

namespace Identity.SecurityChecks.Infrastructure;

/// <summary>
/// A check server for the Admin Console: the usual seed plus the <c>admin</c> role held by <see cref="Admin"/>;
/// <see cref="CheckSeed.Alice"/> signs in but does not hold the console permission.
/// </summary>
public class ConsoleCheckServer : CheckServer
{
    public const string Admin = "console_admin";

    // The usual seed, with the admin role and one person holding it added before the usual users.
    protected override string SeedJson => CheckSeed.Json.Replace("\"users\": [", $$"""
        "roles": [ { "name": "admin", "description": "Opens the Admin Console." } ],
          "users": [
            { "username": "{{Admin}}", "password": "{{CheckSeed.Password}}", "roles": ["admin"] },
        """, StringComparison.Ordinal);

    /// <summary>A browser that signed in to the console through the server's own sign-in page; its final page.</summary>
    public async Task<(BrowserSession Browser, PageResult Landing)> ConsoleSignInAsync(string username, string password = CheckSeed.Password)
    {
        var browser = NewBrowser();
        var signIn = await browser.GoAsync("/console");
        Assert.Equal("/sign-in", signIn.Url.AbsolutePath);
        var landing = await Oidc.SubmitSignInAsync(browser, signIn, username, password);
        return (browser, landing);
    }
}

/// <summary>A check server on an empty database as far as the console goes: no one holds the permission.</summary>
public sealed partial class FreshConsoleCheckServer : CheckServer
{
    /// <summary>The one-time setup link's path and query, as the server printed it.</summary>
    public string SetupLink()
    {
        var match = SetupLinkLine().Match(Output);
        Assert.True(match.Success, "No setup link printed:\n" + Output);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"https?://[^\s/]+(/console/setup\?token=\S+)")]
    private static partial Regex SetupLinkLine();
}
