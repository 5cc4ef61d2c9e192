using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>
/// Check 85: a provider that fails tells the user what failed, in words, with a reference to quote; it never shows what
/// the provider answered (which an admin's connector to an internal service could fill with anything) nor what was sent
/// to it. The log keeps a short, redacted excerpt of the answer: no client secret in any spelling, no Basic credentials.
/// </summary>
public abstract partial class Check85ConnectorFailureChecks(SocialCheckServer server) : IAsyncLifetime
{
    public Task InitializeAsync()
    {
        server.Upstream.Behaviour = new();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.InternalServerError)]
    public async Task Check85_ATokenEndpointEchoingBasicCredentials_LeaksNothingToThePageOrTheLog(HttpStatusCode status)
    {
        server.Upstream.Behaviour = new() { EchoTokenRequestWith = status };
        using var browser = server.NewSocialBrowser();
        var logBefore = server.Output.Length;

        var page = await SocialCheckServer.ContinueWithAsync(browser, SocialCheckServer.Basic);

        Assert.True((int)page.Status >= 400, $"Answered {(int)page.Status}: {page.Html}");
        var sent = server.Upstream.TokenRequests.Last().Authorization;
        Assert.StartsWith("Basic ", sent, StringComparison.Ordinal);
        foreach (var leak in Leaks(sent!))
        {
            Assert.DoesNotContain(leak, page.Html, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("bad creds", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("svc-internal", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP ", page.Alert ?? "", StringComparison.Ordinal);

        // In words, and a reference the log can be searched for.
        Assert.Contains("Basic", page.Heading ?? "", StringComparison.Ordinal);
        var reference = page.Document.QuerySelector("p.hint code")?.TextContent.Trim();
        Assert.False(string.IsNullOrEmpty(reference), page.Html);

        var log = await LogSinceAsync(logBefore, until: reference!);
        foreach (var leak in Leaks(sent!))
        {
            Assert.DoesNotContain(leak, log, StringComparison.Ordinal);
        }
        Assert.Contains(reference, log, StringComparison.Ordinal);
        Assert.Contains("bad creds", log, StringComparison.Ordinal);
        Assert.DoesNotMatch(AuthorizationValue(), log);
    }

    [Fact]
    public async Task Check85_ATokenEndpointRefusingTheCode_ShowsWhatFailedInWords_NotTheProvidersText()
    {
        server.Upstream.Behaviour = new()
        {
            TokenStatus = HttpStatusCode.BadRequest,
            TokenBody = """{"error":"invalid_client","error_description":"internal host db-7.corp rejected svc-internal"}""",
        };
        using var browser = server.NewSocialBrowser();

        var page = await SocialCheckServer.ContinueWithAsync(browser, SocialCheckServer.Plain);

        Assert.True((int)page.Status >= 400, $"Answered {(int)page.Status}: {page.Html}");
        Assert.DoesNotContain("svc-internal", page.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid_client", page.Html, StringComparison.Ordinal);
        Assert.Contains("refused", page.Alert ?? "", StringComparison.Ordinal);
    }

    /// <summary>What the server logged since <paramref name="start"/>, once it holds <paramref name="until"/> (the console is written asynchronously).</summary>
    private async Task<string> LogSinceAsync(int start, string until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.Output[start..].Contains(until, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        return server.Output[start..];
    }

    /// <summary>Every spelling of the connector's credentials that must not be shown: the header, its Base64, the secret.</summary>
    private static IEnumerable<string> Leaks(string basicHeader)
    {
        var credential = basicHeader["Basic ".Length..];
        yield return credential;
        yield return credential[..12];
        yield return Encoding.ASCII.GetString(Convert.FromBase64String(credential));
        yield return FakeUpstream.ClientSecret;
        yield return Uri.EscapeDataString(FakeUpstream.ClientSecret);
        yield return WebUtility.UrlEncode(FakeUpstream.ClientSecret);
        yield return Convert.ToBase64String(Encoding.ASCII.GetBytes($"{FakeUpstream.ClientId}:{FakeUpstream.ClientSecret}"));
    }

    // An Authorization header value quoted in the log, other than the redaction marker.
    [GeneratedRegex(@"Authorization:\s*(?!\[redacted\])\S")]
    private static partial Regex AuthorizationValue();
}

public sealed class Check85ConnectorFailureTests(SocialCheckServer server)
    : Check85ConnectorFailureChecks(server), IClassFixture<SocialCheckServer>;

public sealed class Check85ConnectorFailureOnPostgreSqlTests(PostgresSocialCheckServer server)
    : Check85ConnectorFailureChecks(server), IClassFixture<PostgresSocialCheckServer>;
