using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Web;

namespace Identity.EndToEnd.Tests;

/// <summary>A person as the provider knows them: what its user info endpoint answers after they approve.</summary>
public sealed record ProviderUser(
    [property: JsonPropertyName("sub")] string Sub,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("picture"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Picture = null);

/// <summary>One request the provider received: the query (GET) or form (POST) parameters, and the Authorization header.</summary>
public sealed record ProviderRequest(string Method, string Path, IReadOnlyDictionary<string, string?> Parameters, string? Authorization)
{
    public string? this[string name] => Parameters.GetValueOrDefault(name);
}

/// <summary>
/// The third-party OAuth 2.0 provider behind "Continue with OAuth2", on 127.0.0.1 in the test process, strict the way
/// a real one is. <c>/authorize</c> is the person approving at once (or, with <see cref="DenyAuthorization"/>, saying
/// no: <c>error=access_denied</c>); <c>/token</c> redeems each code once, for the client and redirect URI it was issued
/// to; <c>/userinfo</c> answers the profile of the person who approved, for that access token only. Every request is
/// recorded before it is answered.
/// </summary>
public sealed class FakeOAuth2Provider : LoopbackHttpServer
{
    public const string ClientId = "identity-e2e";
    public const string ClientSecret = "e2e-provider-secret";
    public const string Scope = "profile email";

    private readonly ConcurrentQueue<ProviderRequest> _requests = new();
    private readonly ConcurrentDictionary<string, (string RedirectUri, ProviderUser User)> _codes = new();
    private readonly ConcurrentDictionary<string, ProviderUser> _accessTokens = new();

    private FakeOAuth2Provider()
    {
    }

    /// <summary>Who approves at the next <c>/authorize</c>; tests set it before the person clicks.</summary>
    public ProviderUser User { get; set; } = new("provider-user-1", "Ada Lovelace", "https://img.example/ada.png");

    /// <summary>When true, <c>/authorize</c> sends the person back with <c>error=access_denied</c> instead of a code.</summary>
    public bool DenyAuthorization { get; set; }

    public IReadOnlyList<ProviderRequest> Requests => [.. _requests];

    public IReadOnlyList<ProviderRequest> RequestsTo(string path) => [.. _requests.Where(r => r.Path == path)];

    public static FakeOAuth2Provider Start() => new();

    /// <summary>The <c>config</c> of a Logto OAuth2 connector pointing here.</summary>
    public object ConnectorConfig() => new
    {
        authorizationEndpoint = new Uri(BaseUri, "authorize").AbsoluteUri,
        tokenEndpoint = new Uri(BaseUri, "token").AbsoluteUri,
        userInfoEndpoint = new Uri(BaseUri, "userinfo").AbsoluteUri,
        clientId = ClientId,
        clientSecret = ClientSecret,
        scope = Scope,
        tokenEndpointResponseType = "json",
        profileMap = new { id = "sub", avatar = "picture" },
    };

    protected override async Task AnswerAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var parameters = request.HttpMethod == "POST"
            ? HttpUtility.ParseQueryString(await new StreamReader(request.InputStream, Encoding.UTF8).ReadToEndAsync())
            : HttpUtility.ParseQueryString(request.Url?.Query ?? "");
        var recorded = new ProviderRequest(
            request.HttpMethod,
            request.Url?.AbsolutePath ?? "",
            parameters.AllKeys.OfType<string>().ToDictionary(key => key, key => parameters[key]),
            request.Headers["Authorization"]);
        _requests.Enqueue(recorded);

        switch ((recorded.Method, recorded.Path))
        {
            case ("GET", "/authorize"):
                await AuthorizeAsync(recorded, context.Response);
                break;
            case ("POST", "/token"):
                await TokenAsync(recorded, context.Response);
                break;
            case ("GET", "/userinfo"):
                await UserInfoAsync(recorded, context.Response);
                break;
            default:
                await RespondAsync(context.Response, HttpStatusCode.NotFound, "text/plain", "Not found");
                break;
        }
    }

    private async Task AuthorizeAsync(ProviderRequest request, HttpListenerResponse response)
    {
        // Errors in the request itself are shown to the person, never sent back (RFC 6749 §4.1.2.1).
        if (request["client_id"] != ClientId || request["response_type"] != "code"
            || !Uri.TryCreate(request["redirect_uri"], UriKind.Absolute, out var redirectUri))
        {
            await RespondAsync(response, HttpStatusCode.BadRequest, "text/plain", "Bad authorization request");
            return;
        }

        var answer = new Dictionary<string, string?>();
        if (DenyAuthorization)
        {
            answer["error"] = "access_denied";
        }
        else
        {
            var code = NewSecret();
            _codes[code] = (redirectUri.AbsoluteUri, User);
            answer["code"] = code;
        }
        answer["state"] = request["state"];

        var query = string.Join('&', answer.Where(p => p.Value is not null)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!)}"));
        response.StatusCode = (int)HttpStatusCode.Found;
        response.RedirectLocation = redirectUri.AbsoluteUri + (redirectUri.Query.Length > 0 ? "&" : "?") + query;
        response.Close();
    }

    private async Task TokenAsync(ProviderRequest request, HttpListenerResponse response)
    {
        if (request["client_id"] != ClientId || request["client_secret"] != ClientSecret)
        {
            await RespondJsonAsync(response, HttpStatusCode.Unauthorized, new { error = "invalid_client" });
            return;
        }

        // One use: the code is gone whether or not the rest of the request is right.
        if (request["grant_type"] != "authorization_code" || request["code"] is not { } code
            || !_codes.TryRemove(code, out var grant) || request["redirect_uri"] != grant.RedirectUri)
        {
            await RespondJsonAsync(response, HttpStatusCode.BadRequest, new { error = "invalid_grant" });
            return;
        }

        var accessToken = NewSecret();
        _accessTokens[accessToken] = grant.User;
        await RespondJsonAsync(response, HttpStatusCode.OK, new { access_token = accessToken, token_type = "bearer", expires_in = 3600 });
    }

    private async Task UserInfoAsync(ProviderRequest request, HttpListenerResponse response)
    {
        const string bearer = "Bearer ";
        if (request.Authorization is not { } authorization || !authorization.StartsWith(bearer, StringComparison.Ordinal)
            || !_accessTokens.TryGetValue(authorization[bearer.Length..], out var user))
        {
            response.AddHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            await RespondJsonAsync(response, HttpStatusCode.Unauthorized, new { error = "invalid_token" });
            return;
        }

        await RespondJsonAsync(response, HttpStatusCode.OK, user);
    }

    private static Task RespondJsonAsync<T>(HttpListenerResponse response, HttpStatusCode status, T body) =>
        RespondAsync(response, status, "application/json", JsonSerializer.Serialize(body));

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
