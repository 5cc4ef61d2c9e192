using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Identity.Testing;

/// <summary>
/// An OAuth 2.0 provider on 127.0.0.1 for the social sign-in tests: a real HTTP server, with an authorize endpoint that
/// approves at once (the user's consent), a token endpoint and a user info endpoint, each recording what it received.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    public const string ClientId = "identity-at-fake";
    public const string ClientSecret = "fake-upstream-secret-!:+/";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _codes = new();

    private FakeUpstream(WebApplication app) => _app = app;

    public UpstreamBehaviour Behaviour { get; set; } = new();

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> AuthorizeRequests { get; } = new();

    public ConcurrentQueue<(IReadOnlyDictionary<string, string> Form, string? Authorization)> TokenRequests { get; } = new();

    public ConcurrentQueue<string?> UserInfoRequests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>This provider's issuer identifier, as an RFC 9207 provider would send it in <c>iss</c>.</summary>
    public string Issuer => BaseAddress.GetLeftPart(UriPartial.Authority);

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.MapGet("/authorize", upstream.Authorize);
        app.MapPost("/token", upstream.TokenAsync);
        app.MapGet("/userinfo", upstream.UserInfoAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        upstream.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return upstream;
    }

    /// <summary>A Logto OAuth2 connector config pointing here; <paramref name="issuer"/> and <paramref name="usePkce"/> are ours.</summary>
    public string ConnectorConfig(string tokenResponseType = "json", string profileMap = """{ "id": "sub", "avatar": "picture" }""",
        string? issuer = null, bool usePkce = false, string authMethod = "client_secret_post") => $$"""
        { "authorizationEndpoint": "{{BaseAddress}}authorize", "tokenEndpoint": "{{BaseAddress}}token",
          "userInfoEndpoint": "{{BaseAddress}}userinfo", "clientId": "{{ClientId}}", "clientSecret": "{{JsonEncodedText.Encode(ClientSecret)}}",
          "scope": "profile email", "tokenEndpointResponseType": "{{tokenResponseType}}", "profileMap": {{profileMap}},
          "tokenEndpointAuthMethod": "{{authMethod}}"
          {{(usePkce ? ", \"usePkce\": true" : "")}}{{(issuer is null ? "" : $", \"issuer\": \"{issuer}\"")}} }
        """;

    private IResult Authorize(HttpContext context)
    {
        var query = context.Request.Query.ToDictionary(p => p.Key, p => p.Value.ToString());
        AuthorizeRequests.Enqueue(query);
        var redirect = query["redirect_uri"];
        var response = new Dictionary<string, string?> { ["state"] = query.GetValueOrDefault("state") };
        if (Behaviour.CallbackIssuer is { } issuer)
        {
            response["iss"] = issuer;
        }
        if (Behaviour.AuthorizeError is { } error)
        {
            response["error"] = error;
            response["error_description"] = "The user said no.";
        }
        else
        {
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = query.GetValueOrDefault("code_challenge") ?? "";
            response["code"] = code;
        }

        if (Behaviour.FormPost)
        {
            var fields = string.Concat(response.Select(p => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(p.Key)}\" value=\"{WebUtility.HtmlEncode(p.Value)}\"/>"));
            return Results.Content($"<html><body><form method=\"post\" action=\"{WebUtility.HtmlEncode(redirect)}\">{fields}</form></body></html>", "text/html");
        }
        return Results.Redirect(QueryHelpers.AddQueryString(redirect, response));
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = (await context.Request.ReadFormAsync()).ToDictionary(p => p.Key, p => p.Value.ToString());
        TokenRequests.Enqueue((form, context.Request.Headers.Authorization.ToString()));
        if (Behaviour.EchoTokenRequestWith is { } echoStatus)
        {
            context.Response.StatusCode = (int)echoStatus;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(
                $"bad creds: {context.Request.Headers.Authorization} | Authorization: {context.Request.Headers.Authorization} | " +
                string.Join("&", form.Select(p => $"{p.Key}={p.Value}")) + " | internal: db=10.0.0.7 user=svc-internal");
            return;
        }
        if (Behaviour.TokenDelay > TimeSpan.Zero)
        {
            await Task.Delay(Behaviour.TokenDelay, context.RequestAborted);
        }

        // A code issued with a PKCE challenge is redeemed only with the matching verifier (RFC 7636 section 4.6).
        if (!form.TryGetValue("code", out var code) || !_codes.TryRemove(code, out var challenge) ||
            (challenge.Length > 0 && (form.GetValueOrDefault("code_verifier") is not { } verifier || Pkce.S256(verifier) != challenge)))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_grant" });
            return;
        }

        context.Response.StatusCode = (int)Behaviour.TokenStatus;
        context.Response.ContentType = Behaviour.TokenContentType;
        await context.Response.WriteAsync(Behaviour.TokenBody.Replace("{access_token}", "at-" + code, StringComparison.Ordinal));
    }

    private async Task UserInfoAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        UserInfoRequests.Enqueue(authorization);
        if (!authorization.StartsWith("Bearer at-", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 401;
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(Behaviour.UserInfo);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
