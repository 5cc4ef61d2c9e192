namespace Identity.EndToEnd.Tests;

/// <summary>
/// samples/Bookstore, the tutorial's relying party, started as its own process (<c>dotnet Bookstore.dll --urls …</c>)
/// the way its README runs it: Development (so it accepts the server's plain-http metadata), pointed at the server
/// by <c>Identity__Authority</c>, <c>Identity__ClientId</c> and <c>Identity__ClientSecret</c>, and at samples/Bookstore.Api
/// by <c>Identity__Resource</c> and <c>BooksApi__BaseUrl</c>.
/// </summary>
public sealed class SampleAppProcess : IDisposable
{
    // Settings from the machine that would point the sample elsewhere than the port and server chosen here.
    private static readonly string[] InheritedSettingsToDrop =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT",
        "Identity__Authority", "Identity__ClientId", "Identity__ClientSecret", "Identity__Resource", "BooksApi__BaseUrl",
    ];

    private ChildProcess? _process;

    private SampleAppProcess(Uri baseUri) => BaseUri = baseUri;

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUri { get; }

    /// <summary>Everything the sample wrote to stdout and stderr so far.</summary>
    public string Output => _process?.Output ?? "";

    /// <summary>Starts the sample on <paramref name="baseUri"/> and waits until its home page answers.</summary>
    /// <param name="booksApi">samples/Bookstore.Api's address, which is also its resource indicator.</param>
    public static async Task<SampleAppProcess> StartAsync(Uri baseUri, string authority, string clientId, string clientSecret, Uri booksApi)
    {
        var sample = new SampleAppProcess(baseUri);
        try
        {
            await sample.RunAsync(authority, clientId, clientSecret, booksApi);
            return sample;
        }
        catch
        {
            sample.Dispose();
            throw;
        }
    }

    private async Task RunAsync(string authority, string clientId, string clientSecret, Uri booksApi)
    {
        var dll = Repository.BuildOutput("samples/Bookstore", "Bookstore.dll");
        // Its content root: appsettings.json sits beside the dll.
        var start = DotnetApp.StartInfo(dll, ["--urls", BaseUri.AbsoluteUri.TrimEnd('/')], Path.GetDirectoryName(dll)!, InheritedSettingsToDrop,
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Identity__Authority"] = authority,
                ["Identity__ClientId"] = clientId,
                ["Identity__ClientSecret"] = clientSecret,
                ["Identity__Resource"] = booksApi.AbsoluteUri,
                ["BooksApi__BaseUrl"] = booksApi.AbsoluteUri,
            });
        _process = ChildProcess.Start(start, "The sample app");
        await _process.WaitUntilAnsweringAsync(BaseUri);
    }

    /// <summary>Stops the sample; safe to call more than once.</summary>
    public void Dispose() => _process?.Dispose();
}
