using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Identity.Data;
using Identity.Server.Oidc;
using Identity.Server.Operations;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>Two robots: one granted two scopes, one granted none; the usual confidential web app and SPA.</summary>
public class ClientCredentialsServerFactory : IdentityServerFactory
{
    public const string RobotId = "robot-a";
    public const string RobotSecret = "robot-a-secret-0123456789abcdef";
    public const string BareRobotId = "robot-b";
    public const string BareRobotSecret = "robot-b-secret-0123456789abcdef";
    public const string EscapedRobotId = "robot-c";
    public const string EscapedRobotSecret = "robot c+secret/0123456789:abc%=";

    protected override string SeedJson => $$"""
        {
          "applications": [
            { "id": "{{TestApps.TraditionalId}}", "name": "Bookstore", "type": "Traditional", "secret": "{{TestApps.TraditionalSecret}}",
              "redirectUris": ["{{TestApps.TraditionalRedirect}}"] },
            { "id": "{{TestApps.SpaId}}", "name": "Single-page app", "type": "SPA", "redirectUris": ["{{TestApps.SpaRedirect}}"] },
            { "id": "{{RobotId}}", "name": "Robot A", "type": "MachineToMachine", "secret": "{{RobotSecret}}", "scopes": ["management", "reports"] },
            { "id": "{{BareRobotId}}", "name": "Robot B", "type": "MachineToMachine", "secret": "{{BareRobotSecret}}" },
            { "id": "{{EscapedRobotId}}", "name": "Robot C", "type": "MachineToMachine", "secret": "{{EscapedRobotSecret}}" }
          ]
        }
        """;

    /// <summary>How many token responses this server answered ahead of OpenIddict's pipeline (its own meter, tag path=direct).</summary>
    public long DirectAnswers => Interlocked.Read(ref _direct);

    private long _direct;
    private MeterListener? _listener;

    public void StartCounting()
    {
        if (_listener is not null) return;
        var meters = Services.GetRequiredService<IMeterFactory>();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Meter.Name == IdentityMetrics.MeterName && instrument.Name == "identity.token.grants")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "path" && Equals(tag.Value, "direct")) Interlocked.Add(ref _direct, value);
            }
        });
        _listener.Start();
    }

    public override async ValueTask DisposeAsync()
    {
        _listener?.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same server with the direct paths off: every request goes through OpenIddict's pipeline.</summary>
public sealed class PipelineOnlyServerFactory : ClientCredentialsServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [new(DirectClientCredentials.Setting, "false"), new(DirectRefreshGrant.Setting, "false")];
}

/// <summary>
/// The differential test of the direct client-credentials path: the same requests, valid and invalid, sent to a server
/// with it (the default) and to one without it, must get the same answers (status, error code, headers, JSON members,
/// and the token's header and claims); the valid ones must actually have been answered by the direct path, the others
/// never; and what the direct path issues must be accepted wherever the server accepts access tokens.
/// </summary>
public sealed class DirectClientCredentialsTests(ClientCredentialsServerFactory direct, PipelineOnlyServerFactory pipeline)
    : IClassFixture<ClientCredentialsServerFactory>, IClassFixture<PipelineOnlyServerFactory>
{
    private const string Robot = ClientCredentialsServerFactory.RobotId;
    private const string Secret = ClientCredentialsServerFactory.RobotSecret;

    /// <param name="Authorization">A raw Authorization header instead of <paramref name="Basic"/>'s well-formed one.</param>
    public sealed record TokenRequest(string Name, bool Direct, (string Id, string Secret)? Basic, (string Key, string Value)[] Form, string Query = "",
        string? Authorization = null)
    {
        public override string ToString() => Name;
    }

    private static (string, string) Grant => ("grant_type", "client_credentials");

    public static TheoryData<TokenRequest> Cases => new()
    {
        new("basic, one scope", true, (Robot, Secret), [Grant, ("scope", "management")]),
        new("basic, two scopes", true, (Robot, Secret), [Grant, ("scope", "reports management")]),
        new("basic, no scope", true, (Robot, Secret), [Grant]),
        new("client_secret_post", true, null, [Grant, ("scope", "management"), ("client_id", Robot), ("client_secret", Secret)]),
        new("a robot granted no scope, asking none", true,
            (ClientCredentialsServerFactory.BareRobotId, ClientCredentialsServerFactory.BareRobotSecret), [Grant]),
        new("a secret with characters Basic must escape", true,
            (ClientCredentialsServerFactory.EscapedRobotId, ClientCredentialsServerFactory.EscapedRobotSecret), [Grant]),
        new("that secret in Basic unescaped", false, null, [Grant], Authorization: "Basic " + Convert.ToBase64String(
            Encoding.ASCII.GetBytes($"{ClientCredentialsServerFactory.EscapedRobotId}:{ClientCredentialsServerFactory.EscapedRobotSecret}"))),
        new("Basic that is not base64", false, null, [Grant], Authorization: "Basic not*base64!"),
        new("Basic without a colon", false, null, [Grant], Authorization: "Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes(Robot))),
        new("another authentication scheme", false, null, [Grant, ("client_id", Robot), ("client_secret", Secret)], Authorization: "Bearer abc"),
        new("wrong secret", false, (Robot, "not-the-secret-0123456789"), [Grant]),
        new("unknown client", false, ("nobody", Secret), [Grant]),
        new("scope not granted", false, (Robot, Secret), [Grant, ("scope", "management admin")]),
        new("scope asked by a robot granted none", false,
            (ClientCredentialsServerFactory.BareRobotId, ClientCredentialsServerFactory.BareRobotSecret), [Grant, ("scope", "management")]),
        new("scope repeated", false, (Robot, Secret), [Grant, ("scope", "management"), ("scope", "reports")]),
        new("scope with a double space", false, (Robot, Secret), [Grant, ("scope", "management  reports")]),
        new("grant_type repeated", false, (Robot, Secret), [Grant, Grant]),
        new("basic and another client_id in the form", false, (Robot, Secret), [Grant, ("client_id", "robot-b")]),
        new("basic and a client_secret in the form", false, (Robot, Secret), [Grant, ("client_secret", Secret)]),
        new("client_id without a secret", false, null, [Grant, ("client_id", Robot)]),
        new("public client", false, null, [Grant, ("client_id", TestApps.SpaId)]),
        new("confidential web app, not allowed the grant", false, (TestApps.TraditionalId, TestApps.TraditionalSecret), [Grant]),
        new("a resource parameter", false, (Robot, Secret), [Grant, ("resource", "https://api.example.com")]),
        new("an empty scope", false, (Robot, Secret), [Grant, ("scope", "")]),
        new("a query string", false, (Robot, Secret), [Grant], "?scope=management"),
        new("another grant type", false, (Robot, Secret), [("grant_type", "password"), ("username", "a"), ("password", "b")]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheDirectPath_AnswersExactlyAsOpenIddictDoes(TokenRequest request)
    {
        direct.StartCounting();
        pipeline.StartCounting();
        var directBefore = direct.DirectAnswers;

        var (ours, oursBody) = await SendAsync(direct, request);
        var (theirs, theirsBody) = await SendAsync(pipeline, request);

        Assert.Equal(request.Direct ? directBefore + 1 : directBefore, direct.DirectAnswers);
        Assert.Equal(0, pipeline.DirectAnswers);
        if (SameTokenAnswer.Assert(theirs, theirsBody, ours, oursBody) is not var (theirsJson, oursJson))
        {
            return;
        }

        var ourToken = oursJson.GetProperty("access_token").GetString()!;
        var theirToken = theirsJson.GetProperty("access_token").GetString()!;
        Assert.Equal(SameTokenAnswer.Shape(Jwt.Header(theirToken), "kid"), SameTokenAnswer.Shape(Jwt.Header(ourToken), "kid"));
        var ourClaims = Jwt.Payload(ourToken);
        var theirClaims = Jwt.Payload(theirToken);
        Assert.Equal(SameTokenAnswer.Members(theirClaims), SameTokenAnswer.Members(ourClaims));
        // Each server names itself (they listen on different ports); the rest is the same.
        Assert.Equal(direct.Issuer, ourClaims.GetProperty("iss").GetString());
        Assert.Equal(pipeline.Issuer, theirClaims.GetProperty("iss").GetString());
        foreach (var claim in SameTokenAnswer.Members(theirClaims).Except(["iss", "jti", "iat", "exp"]))
        {
            Assert.Equal(theirClaims.GetProperty(claim).GetRawText(), ourClaims.GetProperty(claim).GetRawText());
        }
        Assert.True(Guid.TryParse(ourClaims.GetProperty("jti").GetString(), out _));
        Assert.Equal(theirClaims.GetProperty("exp").GetInt64() - theirClaims.GetProperty("iat").GetInt64(),
            ourClaims.GetProperty("exp").GetInt64() - ourClaims.GetProperty("iat").GetInt64());
    }

    [Fact]
    public async Task ADirectlyIssuedToken_IsSignedByTheServersKey_IntrospectsActive_AndOpensTheManagementApi()
    {
        direct.StartCounting();
        var before = direct.DirectAnswers;
        var (response, body) = await SendAsync(direct, new TokenRequest("one scope", true, (Robot, Secret), [Grant, ("scope", "management")]));
        Assert.Equal(before + 1, direct.DirectAnswers);
        var token = JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;

        using var http = direct.NewBackChannel();
        var jwks = JsonDocument.Parse(await http.GetStringAsync("/oidc/jwks")).RootElement.GetProperty("keys");
        Assert.Contains(jwks.EnumerateArray(), k => k.GetProperty("kid").GetString() == Jwt.Header(token).GetProperty("kid").GetString());

        using var introspection = new HttpRequestMessage(HttpMethod.Post, "/oidc/token/introspection")
        {
            Content = new FormUrlEncodedContent([new("token", token)]),
        };
        introspection.Headers.Authorization = BasicOf(Robot, Secret);
        using var introspected = await http.SendAsync(introspection);
        var active = JsonDocument.Parse(await introspected.Content.ReadAsStringAsync()).RootElement;
        Assert.True(active.GetProperty("active").GetBoolean(), active.GetRawText());
        Assert.Equal(Robot, active.GetProperty("client_id").GetString());

        using var api = direct.NewBackChannel();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var applications = await api.GetAsync("/api/applications");
        Assert.Equal(HttpStatusCode.OK, applications.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ADirectlyIssuedToken_IsAuditedLikeAnyOther()
    {
        var (response, _) = await SendAsync(direct, new TokenRequest("audited", true,
            (ClientCredentialsServerFactory.BareRobotId, ClientCredentialsServerFactory.BareRobotSecret), [Grant]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var scope = direct.Services.CreateAsyncScope();
        var entries = await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().AuditLog.AsNoTracking()
            .Where(e => e.Type == "token.issued" && e.ClientId == ClientCredentialsServerFactory.BareRobotId).ToListAsync();
        Assert.NotEmpty(entries);
        Assert.Contains("client_credentials", entries[^1].Details, StringComparison.Ordinal);
    }

    private static async Task<(HttpResponseMessage Response, string Body)> SendAsync(ClientCredentialsServerFactory server, TokenRequest request)
    {
        using var http = server.NewBackChannel();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/oidc/token" + request.Query)
        {
            Content = new FormUrlEncodedContent(request.Form.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))),
        };
        if (request.Basic is { } basic)
        {
            message.Headers.Authorization = BasicOf(basic.Id, basic.Secret);
        }
        else if (request.Authorization is { } raw)
        {
            message.Headers.TryAddWithoutValidation("Authorization", raw);
        }
        var response = await http.SendAsync(message);
        return (response, await response.Content.ReadAsStringAsync());
    }

    private static AuthenticationHeaderValue BasicOf(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{Uri.EscapeDataString(id)}:{Uri.EscapeDataString(secret)}")));
}
