namespace Identity.Server.Tests.Console;

/// <summary>
/// The server in process for the Admin Console: the test applications, an admin (<see cref="AdminUsername"/>, holding the
/// <c>admin</c> role from the seed file) and a user without the console permission (<see cref="PlainUsername"/>).
/// </summary>
public class ConsoleServer : IdentityServerFactory<Program>
{
    public const string AdminUsername = "root";
    public const string PlainUsername = "mallory";
    public const string Password = Flows.GoodPassword;

    protected override string SeedJson => $$"""
        {
          "applications": [
            { "id": "{{TestApps.TraditionalId}}", "name": "Bookstore", "type": "Traditional", "secret": "{{TestApps.TraditionalSecret}}",
              "redirectUris": ["{{TestApps.TraditionalRedirect}}"] }
          ],
          "roles": [ { "name": "admin", "description": "Opens the Admin Console." } ],
          "users": [
            { "username": "{{AdminUsername}}", "password": "{{Password}}", "roles": ["admin"] },
            { "username": "{{PlainUsername}}", "password": "{{Password}}" }
          ]
        }
        """;

    /// <summary>A browser signed in to the console (through the server's own sign-in page) as this person.</summary>
    public async Task<BrowserSession> SignedInAsync(string username = AdminUsername, string password = Password)
    {
        var browser = NewBrowser();
        var signIn = await browser.GoAsync("/console");
        Assert.Equal("/sign-in", signIn.Url.AbsolutePath);
        var landed = await browser.SubmitAsync(signIn, new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });
        Assert.True(landed.Url.AbsolutePath == "/console", $"The console sign-in ended at {landed.Url} ({landed.Status}): {landed.Alert}");
        return browser;
    }
}
