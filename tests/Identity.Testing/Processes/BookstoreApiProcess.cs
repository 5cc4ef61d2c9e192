namespace Identity.Testing;

/// <summary>
/// samples/Bookstore.Api started as its own process the way its README runs it (Development, so it reads the issuer's
/// metadata over plain http), pointed at the server by <c>Identity__Authority</c> and told its own resource indicator by
/// <c>Identity__Audience</c>.
/// </summary>
public sealed class BookstoreApiProcess : IDisposable, IAsyncDisposable
{
    private static readonly string[] InheritedSettingsToDrop =
        ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_ENVIRONMENT", "Identity__Authority", "Identity__Audience"];

    private readonly ChildProcess _process;

    private BookstoreApiProcess(ChildProcess process, Uri baseUri) => (_process, BaseUri) = (process, baseUri);

    public Uri BaseUri { get; }

    /// <summary>Everything the API wrote so far (for failure messages).</summary>
    public string Output => _process.Output;

    /// <summary>Starts the API on <paramref name="baseUri"/> (a free loopback port when null) and waits until it answers.</summary>
    public static async Task<BookstoreApiProcess> StartAsync(string authority, string audience, Uri? baseUri = null)
    {
        baseUri ??= FreePort.NewLoopbackUri();
        var dll = Repository.BuildOutput("samples/Bookstore.Api", "Bookstore.Api.dll");
        var start = DotnetApp.StartInfo(dll, ["--urls", baseUri.AbsoluteUri.TrimEnd('/')], Path.GetDirectoryName(dll)!, InheritedSettingsToDrop,
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Identity__Authority"] = authority,
                ["Identity__Audience"] = audience,
            });
        var process = ChildProcess.Start(start, "The sample API");
        var api = new BookstoreApiProcess(process, baseUri);
        try
        {
            await process.WaitUntilAnsweringAsync(new Uri(baseUri, "books"));
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    public void Dispose() => _process.Dispose();
}
