using System.Net;
using System.Text.RegularExpressions;

namespace Identity.Cli.Tests.Published;

/// <summary>
/// Issue 13: <c>cd /srv &amp;&amp; dotnet /opt/identity/Identity.Server.dll</c>, as systemd units and scripts start it.
/// The server's files (static assets, the default data folder) are found beside the executable, not in the folder it
/// happens to be started from.
/// </summary>
[Collection(SharedPublish.Name)]
public sealed partial class PublishedServerTests(PublishedExecutable server)
{
    [Fact]
    public async Task StartedFromAnotherFolder_ServesEveryStylesheetAndScriptItsPagesReference_AndKeepsItsDataBesideIt()
    {
        await using var operatorFolder = await OperatorFolder.CreateAsync("Sqlite");
        var settings = new Dictionary<string, string>(operatorFolder.Settings)
        {
            ["Security__RequireHttps"] = "false", // plain http on loopback
            ["Bootstrap__ManagementApplication"] = "false",
        };
        settings.Remove("ConnectionStrings__Identity"); // the default database: data/identity.db under the content root
        settings.Remove("Database__Provider");
        var address = FreePort.NewLoopbackUri();
        using var process = ChildProcess.Start(server.StartInfo(operatorFolder.Path, settings, "--urls", address.AbsoluteUri.TrimEnd('/')), "The server");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        await process.WaitUntilAnsweringAsync(new Uri(address, "oidc/.well-known/openid-configuration"));

        var pages = new[] { "/sign-in", "/register" };
        var assets = new List<string>();
        foreach (var page in pages)
        {
            var html = await http.GetStringAsync(page);
            assets.AddRange(AssetReference().Matches(html).Select(match => WebUtility.HtmlDecode(match.Groups["url"].Value)));
        }

        Assert.Contains(assets, asset => asset.StartsWith("/_content/Identity.Ui/css/site.css", StringComparison.Ordinal));
        foreach (var asset in assets.Distinct())
        {
            using var response = await http.GetAsync(asset);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)response.StatusCode}.\n{process.Output}");
            Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{asset} is empty.");
        }
        Assert.True(File.Exists(Path.Combine(server.Folder.FullName, "data", "identity.db")), "No database under the publish folder's data/.");
        Assert.Empty(Directory.GetDirectories(operatorFolder.Path));
    }

    // The stylesheets and scripts a page loads (links to other pages are not assets).
    [GeneratedRegex("<(?:link[^>]*rel=\"stylesheet\"[^>]*href|script[^>]*src)=\"(?<url>/[^\"]+)\"")]
    private static partial Regex AssetReference();
}
