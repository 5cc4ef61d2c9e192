using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Identity.Server.Security;
using Identity.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Identity.Server.Tests.Fuzzing;

/// <summary>
/// Thousands of malformed requests against every endpoint that takes input from outside: whatever arrives, the answer
/// is a 4xx (or a normal page or redirect), never a 5xx or a stack trace, and nothing in the database changes.
/// </summary>
public sealed partial class MalformedRequestFuzzTests(ManagementServerFactory server, ITestOutputHelper output)
    : IClassFixture<ManagementServerFactory>
{
    /// <summary>Fixed, so a failure replays; change it locally to explore further.</summary>
    private const int Seed = 20_261_128;

    [Fact]
    public async Task MalformedRequests_NeverFailWithA5xx_NorChangeState()
    {
        var bearer = await server.AdminTokenAsync();
        using var anonymous = NewClient(new CookieContainer());
        var cookies = new CookieContainer();
        using var browser = NewClient(cookies);
        var signInToken = await AntiforgeryTokenAsync(browser, "/sign-in");
        var registerToken = await AntiforgeryTokenAsync(browser, "/register");

        var before = await StateSnapshot.TakeAsync(server.Services);
        var corpus = new FuzzCorpus(new FuzzInput(Seed));
        var batches = new (string Name, HttpClient Client, IEnumerable<FuzzRequest> Requests)[]
        {
            ("authorize", anonymous, corpus.Authorize(800)),
            ("token", anonymous, corpus.Token("/oidc/token", 400)),
            ("revocation", anonymous, corpus.Token("/oidc/token/revocation", 150)),
            ("introspection", anonymous, corpus.Token("/oidc/token/introspection", 150)),
            ("userinfo", anonymous, corpus.UserInfo(200)),
            ("end session", anonymous, corpus.EndSession(250)),
            ("sign-in", anonymous, corpus.HostedPage("/sign-in", 150, null)),
            ("sign-in with antiforgery", browser, corpus.HostedPage("/sign-in", 60, signInToken)),
            ("register", anonymous, corpus.HostedPage("/register", 150, null)),
            ("register with antiforgery", browser, corpus.HostedPage("/register", 150, registerToken)),
            ("callback", anonymous, corpus.Callback(350)),
            ("management", anonymous, corpus.Management(800, bearer)),
        };

        var failures = new List<string>();
        var total = 0;
        var clock = Stopwatch.StartNew();
        foreach (var (name, client, requests) in batches)
        {
            var started = clock.Elapsed;
            var sent = 0;
            foreach (var request in requests)
            {
                sent++;
                if (await CheckAsync(client, request) is { } failure)
                {
                    failures.Add($"[{name}] {failure}\n    {request}");
                }
            }
            total += sent;
            output.WriteLine($"{name}: {sent} requests in {(clock.Elapsed - started).TotalSeconds:F1} s");
        }
        output.WriteLine($"seed {Seed}: {total} requests in {clock.Elapsed.TotalSeconds:F1} s, {failures.Count} failures");

        Assert.True(failures.Count == 0,
            $"Seed {Seed}: {failures.Count} of {total} malformed requests failed badly; the first ones:\n{string.Join("\n", failures.Take(15))}");
        Assert.Equal(before, await StateSnapshot.TakeAsync(server.Services));
    }

    private async Task<string?> CheckAsync(HttpClient client, FuzzRequest request)
    {
        using var message = request.ToMessage(server.BaseAddress);
        try
        {
            using var response = await client.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            if (status >= 500)
            {
                return $"{status}: {Shorten(body)}";
            }
            if (body.Contains("   at ", StringComparison.Ordinal) || ExceptionName().IsMatch(body))
            {
                return $"{status} with a stack trace or exception name: {Shorten(body)}";
            }
            return null;
        }
        catch (HttpRequestException exception) when (BreaksAKestrelLimit(request))
        {
            // Kestrel answers a request line or body over its limits (414, 413) and may close the connection while the
            // rest of the body is still being sent: the client then sees a broken pipe instead of the answer.
            output.WriteLine($"connection closed while sending {request.Body?.Length ?? 0} bytes: {exception.Message}");
            return null;
        }
        catch (HttpRequestException exception)
        {
            return $"no usable response: {exception.Message} {exception.InnerException?.Message}";
        }
    }

    private static bool BreaksAKestrelLimit(FuzzRequest request) =>
        request.Body is { Length: > 0 } body
        && (body.Length > RequestLimits.MaxFormBodyBytes
            || request.Path.Length + (request.Query?.Length ?? 0) > RequestLimits.MaxRequestLineBytes);

    private HttpClient NewClient(CookieContainer cookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies, UseCookies = true })
        {
            BaseAddress = server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static async Task<string> AntiforgeryTokenAsync(HttpClient browser, string path)
    {
        var html = await browser.GetStringAsync(path);
        return new HtmlParser().ParseDocument(html).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token on {path}.");
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex(@"\b[A-Z]\w*Exception\b")]
    private static partial Regex ExceptionName();
}
