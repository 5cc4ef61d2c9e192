using System.Net;
using System.Text.Json;
using System.Threading.Channels;

namespace Identity.Bench;

/// <summary>A named operation, and the rate its peak search starts from.</summary>
public sealed record Scenario(string Name, Operation Operation, double StartRate, bool IsTokenScenario);

/// <summary>The endpoints of one provider: Identity answers under /oidc, node-oidc-provider at the root.</summary>
public sealed record Provider(string Name, string Prefix, string Jwks, string Authorize, string Token, string UserInfo, string Introspection)
{
    public static Provider Identity { get; } = new("Identity", "/oidc", "/oidc/jwks", "/oidc/auth", "/oidc/token", "/oidc/me", "/oidc/token/introspection");

    public static Provider NodeOidc { get; } = new("node-oidc-provider", "", "/jwks", "/auth", "/token", "/me", "/token/introspection");

    public string Discovery => Prefix + "/.well-known/openid-configuration";
}

public static class Scenarios
{
    public const string Discovery = "discovery+jwks";
    public const string ClientCredentials = "client-credentials";
    public const string ClientCredentialsOne = "client-credentials (1 client)";
    public const string Refresh = "refresh";
    public const string Journey = "auth-code journey";
    public const string SignUp = "sign-up";
    public const string Introspection = "introspection";

    public static Scenario DiscoveryAndJwks(Provider provider) => new(Discovery, async (http, ct) =>
    {
        await BenchHttp.GetOkAsync(http, provider.Discovery, ct);
        await BenchHttp.GetOkAsync(http, provider.Jwks, ct);
        return true;
    }, 100, IsTokenScenario: false);

    /// <summary>The client-credentials grant, each request from a client drawn at random from <paramref name="clients"/>.</summary>
    public static Scenario ClientCredentialsGrant(string name, Provider provider, IReadOnlyList<(string Id, string Secret)> clients, string? scope) =>
        new(name, async (http, ct) =>
        {
            var client = clients[Random.Shared.Next(clients.Count)];
            var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
            if (scope is not null) form.Add(new("scope", scope));
            var json = await BenchHttp.PostTokenAsync(http, provider.Token, client, form, ct);
            json.Required("access_token");
            return true;
        }, 50, IsTokenScenario: true);

    /// <summary>
    /// The refresh grant over a pool of live grants: an operation takes a refresh token from the pool (waiting if none is
    /// free: that wait is part of its latency), redeems it and puts the rotated one back, so no token is used twice at once.
    /// A token whose outcome is unknown (a timeout: the server may have rotated it) or whose grant is dead is not put
    /// back: replaying a rotated token later revokes its whole grant (both servers detect reuse), which poisoned the
    /// pool after an overloaded step. Only a refusal before any work (503, 429) puts the same token back.
    /// </summary>
    public static Scenario RefreshGrant(Provider provider, (string Id, string Secret) client, IEnumerable<string> refreshTokens)
    {
        var pool = Channel.CreateUnbounded<string>();
        foreach (var token in refreshTokens) pool.Writer.TryWrite(token);
        return new(Refresh, async (http, ct) =>
        {
            var token = await pool.Reader.ReadAsync(ct);
            JsonElement json;
            try
            {
                json = await BenchHttp.PostTokenAsync(http, provider.Token, client,
                    [new("grant_type", "refresh_token"), new("refresh_token", token)], ct);
            }
            catch (OperationFailedException e) when (e.Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests)
            {
                pool.Writer.TryWrite(token);
                throw;
            }
            json.Required("access_token");
            pool.Writer.TryWrite(json.Required("refresh_token"));
            return true;
        }, 50, IsTokenScenario: true);
    }

    /// <summary>
    /// What a relying party and its user do: authorize with PKCE, the hosted sign-in form (antiforgery token and cookies,
    /// a real Argon2id verification), the code back at the app, the code exchange, userinfo. A new browser each time.
    /// </summary>
    public static Scenario AuthorizationCodeJourney(Provider provider, BenchData data) => new(Journey, async (http, ct) =>
    {
        var i = 2 * Random.Shared.Next(data.Applications / 2) + 1;
        var client = (BenchData.ClientId(i), BenchData.Secret(i));
        var user = BenchData.UserName(Random.Shared.Next(data.Users));
        var tokens = await SignInAndRedeemAsync(new Browser(http), http, provider, client, user, BenchData.Password, "openid profile offline_access", ct);
        await BenchHttp.GetOkAsync(http, provider.UserInfo, ct, tokens.Required("access_token"));
        return true;
    }, 4, IsTokenScenario: true);

    /// <summary>The hosted sign-up form: a new username and password (hashed with Argon2id) each time.</summary>
    public static Scenario HostedSignUp()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        long counter = 0;
        return new(SignUp, async (http, ct) =>
        {
            var browser = new Browser(http);
            var page = await browser.GoAsync("/register", ct);
            var username = $"signup_{run}_{Interlocked.Increment(ref counter)}";
            var done = await browser.SubmitAsync(page, new Dictionary<string, string>
            {
                ["Username"] = username, ["Password"] = "Signup-Bench-Pass-4q!", ["ConfirmPassword"] = "Signup-Bench-Pass-4q!",
            }, follow: false, ct);
            return done.LeftServerTo is not null || (int)done.Status is >= 300 and < 400
                ? true : throw new OperationFailedException($"sign-up answered {(int)done.Status} without a redirect");
        }, 4, IsTokenScenario: false);
    }

    /// <summary>Introspection of live access tokens, each by the client it was issued to.</summary>
    public static Scenario TokenIntrospection(Provider provider, IReadOnlyList<((string Id, string Secret) Client, string Token)> tokens) =>
        new(Introspection, async (http, ct) =>
        {
            var (client, token) = tokens[Random.Shared.Next(tokens.Count)];
            var json = await BenchHttp.PostTokenAsync(http, provider.Introspection, client, [new("token", token)], ct);
            return json.TryGetProperty("active", out var active) && active.GetBoolean()
                ? true : throw new OperationFailedException($"inactive: {BenchHttp.Cut(json.GetRawText())}");
        }, 50, IsTokenScenario: false);

    /// <summary>Authorizes in the given browser (signing in if the provider asks), then redeems the code.</summary>
    public static async Task<System.Text.Json.JsonElement> SignInAndRedeemAsync(Browser browser, HttpClient http, Provider provider,
        (string Id, string Secret) client, string username, string password, string scope, CancellationToken ct)
    {
        var pkce = Pkce.New();
        var state = Pkce.Base64Url(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var url = $"{provider.Authorize}?client_id={Uri.EscapeDataString(client.Id)}&redirect_uri={Uri.EscapeDataString(BenchData.RedirectUri)}" +
            $"&response_type=code&scope={Uri.EscapeDataString(scope)}&state={state}&nonce=n-{state}" +
            $"&code_challenge={pkce.Challenge}&code_challenge_method=S256";
        var landing = await browser.GoAsync(url, ct);
        // Identity's sign-in form has Username/Password; node-oidc-provider's dev login form has login/password and may
        // be followed by its consent form.
        for (var forms = 0; landing.LeftServerTo is null && forms < 3; forms++)
        {
            landing = await browser.SubmitAsync(landing, new Dictionary<string, string>
            {
                ["Username"] = username, ["Password"] = password, ["login"] = username, ["password"] = password,
            }, follow: true, ct);
        }
        var callback = landing.CallbackParameters;
        if (!callback.TryGetValue("code", out var code))
        {
            throw new OperationFailedException(landing.LeftServerTo is null
                ? $"no redirect back to the app from {landing.Url.AbsolutePath} ({(int)landing.Status})"
                : $"authorization error: {callback.GetValueOrDefault("error")} {callback.GetValueOrDefault("error_description")}");
        }
        return await BenchHttp.PostTokenAsync(http, provider.Token, client,
        [
            new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", BenchData.RedirectUri), new("code_verifier", pkce.Verifier),
        ], ct);
    }
}
