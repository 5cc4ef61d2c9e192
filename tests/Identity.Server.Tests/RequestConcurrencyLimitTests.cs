using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Identity.Core;
using Identity.Server.Operations;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Identity.Server.Tests;

/// <summary>A server that works on one request at a time and lets none wait in line.</summary>
public sealed class OneAtATimeServerFactory : IdentityServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Server:MaxConcurrentRequests", "1"), new("Server:RequestQueueLimit", "0")];
}

/// <summary>A server that works on one request at a time, with room for one more to wait.</summary>
public sealed class OneAtATimeWithALineServerFactory : IdentityServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new("Server:MaxConcurrentRequests", "1"), new("Server:RequestQueueLimit", "1")];
}

/// <summary>A request that finds every permit taken waits in line and is answered once one comes free.</summary>
public sealed class RequestQueueTests(OneAtATimeWithALineServerFactory server) : IClassFixture<OneAtATimeWithALineServerFactory>
{
    [Fact]
    public async Task WhileEveryPermitIsTaken_ARequestWaitsInLine_AndIsServedWhenThePermitComesFree()
    {
        using var occupying = await RequestConcurrencyLimitTests.HeldRequest.StartAsync(server.BaseAddress);
        using var http = server.NewBackChannel();

        // The held request takes the permit a moment after it is sent (on a cold server, seconds after): until then a
        // request is served at once. Once it holds the permit, a request waits in line for as long as it is held.
        Task<HttpResponseMessage> waiting;
        var attempts = 0;
        do
        {
            Assert.True(++attempts <= 100, "No request ever waited for the permit the held request took.");
            waiting = http.GetAsync("/oidc/.well-known/openid-configuration");
            await Task.Delay(300);
        }
        while (waiting.IsCompleted);

        Assert.StartsWith("HTTP/1.1 400", await occupying.ReleaseAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
    }

    [Theory]
    [InlineData("Server:MaxConcurrentRequests", "0")]
    [InlineData("Server:MaxConcurrentRequests", "many")]
    [InlineData("Server:RequestQueueLimit", "-1")]
    public void ABoundOutOfRange_StopsTheStart_NamingTheSetting(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<StartupConfigurationException>(() => RequestConcurrencyLimit.Options(configuration));

        Assert.Contains($"{key} '{value}'", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>
/// A saturated server answers the requests it cannot take with 503 and a short Retry-After in the asked surface's
/// format, instead of taking on work (and memory) without bound; health probes are never turned away.
/// </summary>
public sealed class RequestConcurrencyLimitTests(OneAtATimeServerFactory server) : IClassFixture<OneAtATimeServerFactory>
{
    [Fact]
    public async Task WhileEveryPermitIsTaken_TheTokenEndpointAnswers503TemporarilyUnavailable_WithRetryAfter_AndServesAgainAfter()
    {
        using var occupying = await HoldTheOnlyPermitAsync();

        var refused = await server.NewBackChannel().PostAsync("/oidc/token",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter!.Delta);
        using (var json = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal("temporarily_unavailable", json.RootElement.GetProperty("error").GetString());
        }
        SecurityHeaderAssertions.AssertSecurityHeaders(refused);
        Assert.Equal(HttpStatusCode.OK, (await server.NewBackChannel().GetAsync("/health/live")).StatusCode);

        Assert.StartsWith("HTTP/1.1 400", await occupying.ReleaseAsync(), StringComparison.Ordinal); // answered: an unknown client
        await ServedAgainAsync();
    }

    [Fact]
    public async Task WhileEveryPermitIsTaken_TheManagementApiAnswersProblemDetails()
    {
        using var occupying = await HoldTheOnlyPermitAsync();

        var refused = await server.NewBackChannel().GetAsync("/api/applications");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("busy", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await occupying.ReleaseAsync();
    }

    // Starts a request that holds the only permit (reading its form) and returns once the server says it is busy. The
    // held request takes its permit a moment after it is sent (on a cold server, seconds after), so ask meanwhile with a
    // request that is never counted as a failure (an unauthenticated /api call is, and the failure limit would answer
    // 429 before long). If one of those asks had the permit when the held request arrived, the held request was turned
    // away (503) instead: then start it again.
    private async Task<HeldRequest> HoldTheOnlyPermitAsync()
    {
        using var http = server.NewBackChannel();
        var lastStatus = default(HttpStatusCode);
        var held = await HeldRequest.StartAsync(server.BaseAddress);
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            using var response = await http.GetAsync("/oidc/.well-known/openid-configuration");
            lastStatus = response.StatusCode;
            if (lastStatus == HttpStatusCode.ServiceUnavailable)
            {
                return held;
            }
            if (held.WasAnswered)
            {
                held.Dispose();
                held = await HeldRequest.StartAsync(server.BaseAddress);
            }
            await Task.Delay(25);
        }
        held.Dispose();
        throw new TimeoutException($"The server never ran out of permits; discovery last answered {(int)lastStatus}.");
    }

    // The permit comes free as the held request's pipeline unwinds, a moment after its answer was written.
    private async Task ServedAgainAsync()
    {
        using var http = server.NewBackChannel();
        var status = default(HttpStatusCode);
        for (var attempt = 0; attempt < 200 && status != HttpStatusCode.OK; attempt++)
        {
            if (attempt > 0) await Task.Delay(25);
            using var response = await http.GetAsync("/oidc/.well-known/openid-configuration");
            status = response.StatusCode;
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }

    /// <summary>
    /// A slow client on a raw connection: it sends the headers and the first bytes of a form, then the rest only when
    /// released, so the server works on its request (reading the form) until then.
    /// </summary>
    internal sealed class HeldRequest : IDisposable
    {
        private static readonly byte[] Form = Encoding.ASCII.GetBytes("grant_type=client_credentials&client_id=nobody");
        private readonly TcpClient _client = new();
        private NetworkStream? _stream;

        public static async Task<HeldRequest> StartAsync(Uri baseAddress)
        {
            var held = new HeldRequest();
            await held._client.ConnectAsync(baseAddress.Host, baseAddress.Port);
            held._stream = held._client.GetStream();
            var head = $"POST /oidc/token HTTP/1.1\r\nHost: {baseAddress.Authority}\r\n" +
                       $"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {Form.Length}\r\nConnection: close\r\n\r\n";
            await held._stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await held._stream.WriteAsync(Form.AsMemory(0, 10));
            return held;
        }

        /// <summary>True once the server has answered before the form was complete (it turned the request away).</summary>
        public bool WasAnswered => _client.Available > 0;

        /// <summary>Sends the rest of the form and returns the status line of the answer.</summary>
        public async Task<string> ReleaseAsync()
        {
            await _stream!.WriteAsync(Form.AsMemory(10));
            using var reader = new StreamReader(_stream, Encoding.ASCII, leaveOpen: true);
            return await reader.ReadLineAsync() ?? "";
        }

        public void Dispose() => _client.Dispose();
    }
}
