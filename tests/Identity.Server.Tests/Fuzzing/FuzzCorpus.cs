using System.Text;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests.Fuzzing;

/// <summary>The malformed requests, per endpoint, each built around a valid baseline so it reaches the deeper checks.</summary>
public sealed class FuzzCorpus(FuzzInput input)
{
    public const string ConnectorId = ManagementServerFactory.AcmeConnector;

    /// <summary>A 10 MB body, shared: large enough to cross every limit, cheap enough to send a few times.</summary>
    private static readonly Lazy<byte[]> HugeForm = new(() => Encoding.ASCII.GetBytes("Username=" + new string('x', 10 * 1024 * 1024)));

    private static readonly Lazy<byte[]> HugeJson = new(() => Encoding.ASCII.GetBytes("{\"name\":\"" + new string('x', 10 * 1024 * 1024) + "\"}"));

    private static readonly string[] AuthorizeNames =
    [
        "client_id", "redirect_uri", "response_type", "scope", "state", "nonce", "prompt", "max_age", "id_token_hint", "login_hint",
        "code_challenge", "code_challenge_method", "response_mode", "request", "request_uri", "ui_locales", "first_screen",
        "interaction_mode", "identifier", "claims", "acr_values", "display", "resource", "audience",
    ];

    private static readonly string[] TokenNames =
    [
        "grant_type", "code", "refresh_token", "client_id", "client_secret", "code_verifier", "redirect_uri", "scope",
        "client_assertion", "client_assertion_type", "resource", "audience", "token", "token_type_hint", "access_token",
    ];

    private static readonly string[] SessionNames = ["id_token_hint", "post_logout_redirect_uri", "client_id", "state", "ui_locales", "logout_hint"];

    private static readonly string[] PageNames = ["Username", "Password", "ConfirmPassword", "ReturnUrl", "returnUrl", "__RequestVerificationToken", "username"];

    private static readonly string[] CallbackNames = ["code", "state", "error", "error_description", "iss", "scope", "session_state"];

    public IEnumerable<FuzzRequest> Authorize(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var parameters = input.RawParameters(AuthorizeBaseline(), AuthorizeNames);
            yield return input.Chance(65)
                ? new FuzzRequest(HttpMethod.Get, "/oidc/auth", parameters)
                : Post("/oidc/auth", parameters, i);
        }
    }

    public IEnumerable<FuzzRequest> Token(string path, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var baseline = new List<KeyValuePair<string, string>>
            {
                new("grant_type", input.Pick(["authorization_code", "refresh_token", "client_credentials", "password", "urn:ietf:params:oauth:grant-type:device_code", ""])),
                new("client_id", input.Pick([TestApps.SpaId, TestApps.TraditionalId, ManagementServerFactory.AdminId, "unknown"])),
                new("client_secret", "wrong-secret-0123456789abcdef"),
                new("code", "code-" + input.Next(1000)), new("refresh_token", "rt-" + input.Next(1000)), new("token", "token-" + input.Next(1000)),
                new("code_verifier", new string('v', 43)), new("redirect_uri", TestApps.SpaRedirect), new("scope", "management openid"),
            };
            yield return Post(path, input.RawParameters(baseline, TokenNames), i) with { Authorization = input.Chance(40) ? ClientAuthorization() : null };
        }
    }

    public IEnumerable<FuzzRequest> UserInfo(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var parameters = input.RawParameters([new("access_token", "not-a-token")], TokenNames);
            var authorization = input.Chance(70) ? "Bearer " + input.Pick(["", "x", "a.b.c", "eyJhbGciOiJub25lIn0.e30.", new string('t', 10_000)]) : null;
            yield return (input.Chance(50) ? new FuzzRequest(HttpMethod.Get, "/oidc/me", parameters) : Post("/oidc/me", parameters, i))
                with { Authorization = authorization };
        }
    }

    public IEnumerable<FuzzRequest> EndSession(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var baseline = new List<KeyValuePair<string, string>>
            {
                new("client_id", TestApps.SpaId), new("post_logout_redirect_uri", TestApps.SpaPostLogout), new("state", "s"),
                new("id_token_hint", input.Pick(["x", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])),
            };
            var parameters = input.RawParameters(baseline, SessionNames);
            yield return input.Chance(60) ? new FuzzRequest(HttpMethod.Get, "/oidc/session/end", parameters) : Post("/oidc/session/end", parameters, i);
        }
    }

    /// <summary>The hosted sign-in and register forms; the username is always one no account can have.</summary>
    public IEnumerable<FuzzRequest> HostedPage(string path, int count, string? antiforgeryToken)
    {
        for (var i = 0; i < count; i++)
        {
            var password = input.Chance(50) ? Flows.GoodPassword : input.Pick(["", "short", new string('p', 257), new string('p', 100_000)]);
            var baseline = new List<KeyValuePair<string, string>>
            {
                new("Username", "-" + input.Pick(["", "x", "名前", new string('u', 300)])),
                new("Password", password), new("ConfirmPassword", password), new("ReturnUrl", input.Pick(["/", "//evil.example.test", "/oidc/auth?x"])),
            };
            if (antiforgeryToken is not null)
            {
                baseline.Add(new("__RequestVerificationToken", antiforgeryToken));
            }
            var parameters = input.RawParameters(baseline, PageNames);
            // The username is forced invalid even if fuzzing dropped or duplicated it: every POST here must be refused.
            yield return Post(path, "Username=-&" + parameters, i);
        }
    }

    public IEnumerable<FuzzRequest> Callback(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var connector = input.Pick([ConnectorId, ConnectorId, ManagementServerFactory.GitHubConnector, "unknown", "%00", "%C3%28", new string('c', 2_000)]);
            var baseline = new List<KeyValuePair<string, string>> { new("code", "upstream-code"), new("state", "state-" + input.Next(100)) };
            if (input.Chance(20)) baseline.Add(new("error", "access_denied"));
            var parameters = input.RawParameters(baseline, CallbackNames);
            yield return input.Chance(60)
                ? new FuzzRequest(HttpMethod.Get, "/callback/" + connector, parameters)
                : Post("/callback/" + connector, parameters, i);
        }
    }

    /// <summary>Management API writes whose bodies can never be accepted.</summary>
    public IEnumerable<FuzzRequest> Management(int count, string bearer)
    {
        var targets = new (HttpMethod Method, string Path, string[] Strings, string[] Typed)[]
        {
            (HttpMethod.Post, "/api/applications", ["id", "name", "type", "secret"], ["isThirdParty"]),
            (HttpMethod.Patch, "/api/applications/" + TestApps.TraditionalId, ["name"], ["isThirdParty"]),
            (HttpMethod.Post, "/api/users", ["username", "password", "name", "email"], ["emailVerified"]),
            (HttpMethod.Patch, "/api/users/" + input.Pick(["unknown", "%00", "x"]), ["username", "name", "email", "picture"], ["emailVerified"]),
            (HttpMethod.Patch, "/api/users/unknown/password", ["password"], ["password"]),
            (HttpMethod.Post, "/api/users/unknown/lock", ["until"], ["until"]),
            (HttpMethod.Post, "/api/connectors", ["id", "connectorId", "target", "name", "logo"], ["syncProfile"]),
            (HttpMethod.Patch, "/api/connectors/" + ConnectorId, ["name", "logo", "target"], ["syncProfile"]),
            (HttpMethod.Patch, "/api/sign-in-exp", ["signInMode", "customCss", "colorScheme", "termsOfUseUrl"], ["signUp", "branding", "color"]),
        };
        for (var i = 0; i < count; i++)
        {
            var (method, path, strings, typed) = input.Pick(targets);
            var body = i % 400 == 399 ? HugeJson.Value : input.PoisonedJson(strings, typed);
            yield return new FuzzRequest(method, path, Body: body, ContentType: input.Pick(FuzzContentTypes.ForJson), Authorization: "Bearer " + bearer);
        }
        for (var i = 0; i < count / 10; i++)
        {
            var query = input.RawParameters([new("page", "1"), new("page_size", "20"), new("search", "a")], ["page", "page_size", "search"]);
            yield return new FuzzRequest(HttpMethod.Get, "/api/users", query, Authorization: "Bearer " + bearer);
        }
    }

    private FuzzRequest Post(string path, string parameters, int index)
    {
        // Every 150th POST is 10 MB; the others carry the fuzzed parameters as a body of some content type.
        var body = index % 150 == 149 ? HugeForm.Value : Encoding.UTF8.GetBytes(parameters);
        var contentType = input.Pick(FuzzContentTypes.ForForms);
        if (contentType.StartsWith("multipart", StringComparison.Ordinal) && input.Chance(50))
        {
            body = Encoding.UTF8.GetBytes($"--fuzz\r\nContent-Disposition: form-data; name=\"{input.RawValue()}\"\r\n\r\n{parameters}\r\n--fu");
        }
        return new FuzzRequest(HttpMethod.Post, path, input.Chance(20) ? input.RawParameters([], AuthorizeNames) : null, body,
            contentType.Length == 0 ? null : contentType);
    }

    private List<KeyValuePair<string, string>> AuthorizeBaseline() =>
    [
        new("client_id", input.Chance(80) ? TestApps.SpaId : TestApps.TraditionalId),
        new("redirect_uri", TestApps.SpaRedirect), new("response_type", "code"), new("scope", "openid profile"), new("state", "s-" + input.Next(100)),
        new("code_challenge", new string('c', 43)), new("code_challenge_method", "S256"),
    ];

    private string ClientAuthorization() => input.Next(5) switch
    {
        0 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ManagementServerFactory.AdminId}:wrong-secret")),
        1 => "Basic !!!not-base64",
        2 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("no-colon")),
        3 => "Basic " + Convert.ToBase64String([0xC3, 0x28, 0x3A, 0xFF]),
        _ => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("%zz:%C3%28")),
    };
}
