using System.Net;
using System.Text.RegularExpressions;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// The server as production runs it: https required, behind a reverse proxy that terminates TLS and says so in
/// X-Forwarded-Proto/-Host (the checks speak plain http to the process, as the proxy would).
/// </summary>
public sealed class BehindTlsProxyServer : CheckServer
{
    public const string PublicHost = "id.example.com";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        ["Security__RequireHttps"] = "true",
        ["Security__TrustForwardedHeaders"] = "true",
    };

    /// <summary>A client whose every request arrives as the proxy forwards it: https, for the public host. Cookies by hand.</summary>
    public HttpClient NewProxiedClient()
    {
        var http = NewBackChannel();
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        http.DefaultRequestHeaders.Add("X-Forwarded-Host", PublicHost);
        return http;
    }
}

/// <summary>Checks 63 and 65 (HSTS) on the server as deployed behind TLS.</summary>
public sealed partial class Check63And65BehindTlsProxyTests(BehindTlsProxyServer server) : IClassFixture<BehindTlsProxyServer>
{
    [Fact]
    public async Task Check63_SignInCookie_IsHostPrefixedSecureHttpOnlyLaxPathRoot_AndNewAtSignIn()
    {
        using var http = server.NewProxiedClient();
        using var signInPage = await http.GetAsync("/sign-in");
        Assert.Equal(HttpStatusCode.OK, signInPage.StatusCode);
        var before = SetCookies(signInPage).ToList();
        var antiforgery = Assert.Single(before, c => c.Name.Contains("antiforgery", StringComparison.Ordinal));
        Assert.StartsWith("__Host-", antiforgery.Name, StringComparison.Ordinal);

        var token = AntiforgeryToken().Match(await signInPage.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Username"] = CheckSeed.Alice, ["Password"] = CheckSeed.Password, ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", $"{antiforgery.Name}={antiforgery.Value}");
        using var signedIn = await http.SendAsync(post);

        Assert.Contains((int)signedIn.StatusCode, new[] { 302, 303 });
        var session = Assert.Single(SetCookies(signedIn), c => c.Name.Contains("session", StringComparison.Ordinal));
        Assert.StartsWith("__Host-", session.Name, StringComparison.Ordinal);
        var attributes = session.Attributes.ToLowerInvariant();
        Assert.Contains("secure", attributes, StringComparison.Ordinal);
        Assert.Contains("httponly", attributes, StringComparison.Ordinal);
        Assert.Matches("samesite=(lax|strict)", attributes);
        Assert.Contains("path=/", attributes, StringComparison.Ordinal);
        Assert.DoesNotContain("domain=", attributes, StringComparison.Ordinal);
        Assert.DoesNotContain(before, c => c.Value == session.Value);
    }

    [Theory]
    [InlineData("/sign-in")]
    [InlineData("/register")]
    [InlineData("/error")]
    [InlineData("/oidc/session/end")]
    [InlineData("/no-such-page")]
    public async Task Check65_OverHttps_EveryPageSendsHstsForAtLeastAYear(string path)
    {
        using var http = server.NewProxiedClient();
        using var response = await http.GetAsync(path);

        var hsts = string.Join(",", response.Headers.GetValues("Strict-Transport-Security"));
        var maxAge = long.Parse(MaxAge().Match(hsts).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(maxAge >= 31536000, $"Strict-Transport-Security: {hsts}");
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    private sealed record SetCookie(string Name, string Value, string Attributes);

    private static IEnumerable<SetCookie> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v =>
            {
                var nameValue = v.Split(';', 2)[0];
                var equals = nameValue.IndexOf('=', StringComparison.Ordinal);
                return new SetCookie(nameValue[..equals], nameValue[(equals + 1)..], v.Contains(';', StringComparison.Ordinal) ? v[v.IndexOf(';', StringComparison.Ordinal)..] : "");
            })
            : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"max-age=(\d+)")]
    private static partial Regex MaxAge();
}
