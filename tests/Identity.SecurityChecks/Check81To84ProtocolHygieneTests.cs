using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.SecurityChecks.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Identity.SecurityChecks;

/// <summary>
/// Checks 81–84, from a black-box probe (issue 14): bearer tokens only where they stay out of logs (81), crafted links
/// never give a 500 or a false audit entry (82), a repeated protocol parameter is an error, not an absent one (83),
/// personal data, tokens and secrets are never cached (84).
/// </summary>
public abstract class Check81To84ProtocolHygieneChecks(CheckServer server)
{
    [Fact]
    public async Task Check81_UserInfo_WithTheAccessTokenInTheQueryString_IsRefused()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            using var request = new HttpRequestMessage(method, "/oidc/me?access_token=" + Uri.EscapeDataString(tokens.AccessToken!));
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{method}: {(int)response.StatusCode} {body}");
            Assert.DoesNotContain("\"sub\"", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check81_UserInfo_WithTheAccessTokenInTheHeaderOrTheFormBody_IsServed()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();

        using var header = await Oidc.UserInfoAsync(http, tokens.AccessToken!);
        using var form = await http.PostAsync("/oidc/me",
            new FormUrlEncodedContent([new KeyValuePair<string, string>("access_token", tokens.AccessToken!)]));

        Assert.Equal(HttpStatusCode.OK, header.StatusCode);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task Check81_ManagementApi_TakesItsTokenFromTheAuthorizationHeaderOnly()
    {
        using var management = await SessionChecks.ManagementClientAsync(server);
        var token = management.DefaultRequestHeaders.Authorization!.Parameter!;
        using var http = server.NewBackChannel();

        using var inQuery = await http.GetAsync("/api/applications?access_token=" + Uri.EscapeDataString(token));
        using var inHeader = await management.GetAsync("/api/applications");

        Assert.Equal(HttpStatusCode.Unauthorized, inQuery.StatusCode);
        Assert.Equal(HttpStatusCode.OK, inHeader.StatusCode);
    }

    [Theory]
    [InlineData("/sign-in", "/é")]
    [InlineData("/sign-in", "/café?name=Zoë#ü")]
    [InlineData("/register", "/中文")]
    public async Task Check82_ANonAsciiReturnUrl_SignsInAndLandsOnItsEncodedLocalPath_WithOneAuditEntry(string page, string returnUrl)
    {
        var username = HostedForms.NewUsername();
        using (var registering = server.NewBrowser())
        {
            if (page == "/sign-in") await HostedForms.RegisterAsync(registering, username, CheckSeed.Password);
        }
        using var browser = server.NewBrowser();
        var form = await browser.GoAsync(page + "?returnUrl=" + Uri.EscapeDataString(returnUrl));

        var landing = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = CheckSeed.Password, ["ConfirmPassword"] = CheckSeed.Password,
        });

        Assert.True(landing.Status != HttpStatusCode.InternalServerError, $"{page} with ReturnUrl {returnUrl} gave a 500 at {landing.Url}:\n{landing.Html}");
        Assert.Null(landing.LeftServerTo);
        Assert.Equal(new Uri(server.BaseUri, returnUrl).AbsolutePath, landing.Url.AbsolutePath);
        Assert.True(await HostedForms.IsSignedInAsync(browser), "The user was not signed in.");
        var expectedType = page == "/sign-in" ? "signIn.succeeded" : "signUp.succeeded";
        Assert.Equal(1, await AuditEntriesAsync(expectedType, username));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("//evil.example")]
    [InlineData("#x")]
    public async Task Check82_SignOutWithAnInvalidPostLogoutUri_IsAClearError_NeverA500(string postLogoutUri)
    {
        using var browser = server.NewBrowser();
        await Oidc.SignInAndRedeemAsync(server, browser);

        foreach (var start in new[] { "/sign-out", SessionChecks.EndSessionPath })
        {
            var answer = await browser.GoAsync(QueryHelpers.AddQueryString(start, "post_logout_redirect_uri", postLogoutUri));
            // A confirmation form, if one is shown at all, must lead to the error and not to a crash.
            if (answer.Document.QuerySelector("button[name=confirm]") is not null)
            {
                answer = await browser.SubmitAsync(answer, new Dictionary<string, string>(), button: "confirm");
            }

            Assert.Null(answer.LeftServerTo);
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Contains("<code>invalid_request</code>", answer.Html);
            Assert.Contains("post_logout_redirect_uri", answer.Html);
        }
    }

    [Theory]
    [InlineData("state", "evil")]
    [InlineData("scope", "offline_access")]
    [InlineData("prompt", "login")]
    [InlineData("nonce", "other-nonce")]
    [InlineData("response_type", "code")]
    [InlineData("code_challenge_method", "S256")]
    public async Task Check83_AuthorizationWithARepeatedParameter_IsInvalidRequestNamingIt_SentBackToTheApp(string name, string second)
    {
        using var browser = server.NewBrowser();
        await Oidc.SignInAndRedeemAsync(server, browser);
        var pkce = Pkce.Create();
        var url = Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, state: "s-83", pkce: pkce,
            extra: new Dictionary<string, string?> { ["prompt"] = "none" });

        var answer = await browser.GoAsync(url + "&" + name + "=" + Uri.EscapeDataString(second));

        Assert.True(answer.LeftServerTo is not null, $"Expected a redirect back to the app, got {answer.Url}:\n{answer.Html}");
        Assert.StartsWith(CheckSeed.WebRedirect, answer.LeftServerTo.AbsoluteUri, StringComparison.Ordinal);
        var parameters = AuthorizationChecks.ResponseParameters(answer.LeftServerTo);
        AuthorizationChecks.AssertGrantsNothing(parameters);
        Assert.Equal("invalid_request", parameters.GetValueOrDefault("error"));
        Assert.Contains($"'{name}' parameter must not be included more than once", parameters.GetValueOrDefault("error_description"));
        Assert.Equal(server.Issuer, parameters.GetValueOrDefault("iss"));
    }

    [Theory]
    [InlineData("client_id", CheckSeed.OtherWebId)]
    [InlineData("redirect_uri", CheckSeed.WebRedirectWithQuery)]
    public async Task Check83_AuthorizationWithARepeatedClientIdOrRedirectUri_IsAnErrorPage(string name, string second)
    {
        var url = Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect) + "&" + name + "=" + Uri.EscapeDataString(second);

        var answer = await AuthorizationChecks.GetAsync(server, url);

        AuthorizationChecks.AssertErrorPage(answer, "invalid_request");
        Assert.Contains($"&#x27;{name}&#x27; parameter must not be included more than once", answer.Body);
    }

    [Theory]
    [InlineData("grant_type")]
    [InlineData("code")]
    [InlineData("redirect_uri")]
    [InlineData("client_id")]
    [InlineData("code_verifier")]
    public async Task Check83_CodeRedemptionWithARepeatedParameter_IsInvalidRequestNamingIt_AndConsumesNothing(string name)
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.SpaId, CheckSeed.SpaRedirect, pkce: pkce));
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"), new("code", landing.CallbackParameters["code"]),
            new("redirect_uri", CheckSeed.SpaRedirect), new("client_id", CheckSeed.SpaId), new("code_verifier", pkce.Verifier),
        };
        using var http = server.NewBackChannel();

        var repeated = await PostTokenAsync(http, [.. form, form.Single(p => p.Key == name)]);

        AssertRepeatedParameterError(repeated, name);
        var retried = await PostTokenAsync(http, form);
        Assert.Equal(HttpStatusCode.OK, retried.Status);
    }

    [Theory]
    [InlineData("refresh_token")]
    [InlineData("scope")]
    public async Task Check83_RefreshWithARepeatedParameter_IsInvalidRequestNamingIt(string name)
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"), new("refresh_token", tokens.RefreshToken!), new("scope", "openid"),
            new("client_id", CheckSeed.WebId), new("client_secret", CheckSeed.WebSecret),
        };
        using var http = server.NewBackChannel();

        var repeated = await PostTokenAsync(http, [.. form, new(name, form.Single(p => p.Key == name).Value)]);

        AssertRepeatedParameterError(repeated, name);
        Assert.True((await Oidc.RefreshAsync(http, tokens.RefreshToken!)).IsSuccess, "The refused request used up the refresh token.");
    }

    [Fact]
    public async Task Check83_EndSessionWithARepeatedPostLogoutUri_IsAnErrorPage_AndSignsNobodyOut()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        var url = SessionChecks.EndSession(("id_token_hint", tokens.IdToken), ("post_logout_redirect_uri", CheckSeed.WebPostLogout))
            + "&post_logout_redirect_uri=" + Uri.EscapeDataString(CheckSeed.WebPostLogout);

        var answer = await browser.GoAsync(url);

        Assert.Null(answer.LeftServerTo);
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Contains("<code>invalid_request</code>", answer.Html);
        Assert.Contains("&#x27;post_logout_redirect_uri&#x27; parameter must not be included more than once", answer.Html);
        Assert.True(await SessionChecks.IsSignedInAsync(browser), "A refused request signed the user out.");
    }

    [Fact]
    public async Task Check84_UserInfoAndIntrospection_AnswerWithNoStore_AlsoWhenRefusing()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();

        using (var userInfo = await Oidc.UserInfoAsync(http, tokens.AccessToken!)) AssertNoStore(userInfo, HttpStatusCode.OK);
        using (var refused = await Oidc.UserInfoAsync(http, "not-a-token")) AssertNoStore(refused, HttpStatusCode.Unauthorized);
        var introspection = await Oidc.IntrospectAsync(http, tokens.AccessToken!, CheckSeed.WebId, CheckSeed.WebSecret);
        Assert.True(introspection.IsSuccess && introspection.NoStore, $"Introspection {introspection.Status} without no-store: {introspection.Raw}");
        var refusedIntrospection = await Oidc.IntrospectAsync(http, tokens.AccessToken!, CheckSeed.WebId, "wrong-secret");
        Assert.True(refusedIntrospection.NoStore, $"Refused introspection without no-store: {refusedIntrospection.Raw}");
    }

    [Fact]
    public async Task Check84_ManagementApi_AnswersWithNoStore_SecretsAndErrorsIncluded()
    {
        using var management = await SessionChecks.ManagementClientAsync(server);
        using var anonymous = server.NewBackChannel();
        var id = "no-store-" + Guid.NewGuid().ToString("N")[..8];

        using (var list = await management.GetAsync("/api/applications")) AssertNoStore(list, HttpStatusCode.OK);
        using (var created = await management.PostAsJsonAsync("/api/applications",
            new { id, name = "No store", type = "Traditional", redirectUris = new[] { "https://no-store.example.com/cb" } }))
        {
            AssertNoStore(created, HttpStatusCode.Created);
        }
        using (var secret = await management.PostAsync($"/api/applications/{id}/secret", null))
        {
            AssertNoStore(secret, HttpStatusCode.OK);
            Assert.Contains("secret", await secret.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var missing = await management.GetAsync("/api/applications/no-such-app")) AssertNoStore(missing, HttpStatusCode.NotFound);
        using (var invalid = await management.PostAsJsonAsync("/api/applications", new { id = "" })) AssertNoStore(invalid, HttpStatusCode.BadRequest);
        using (var unauthorized = await anonymous.GetAsync("/api/applications")) AssertNoStore(unauthorized, HttpStatusCode.Unauthorized);
    }

    private static void AssertNoStore(HttpResponseMessage response, HttpStatusCode expected)
    {
        var where = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}";
        Assert.Equal(expected, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{where} ({(int)response.StatusCode}) has no Cache-Control: no-store.");
        Assert.Contains("no-cache", response.Headers.Pragma.ToString(), StringComparison.Ordinal);
    }

    private static void AssertRepeatedParameterError(RawResponse response, string name)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("invalid_request", response.Get("error"));
        Assert.Contains($"'{name}' parameter must not be included more than once", response.Get("error_description"));
    }

    private static async Task<RawResponse> PostTokenAsync(HttpClient http, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var response = await http.PostAsync("/oidc/token", new FormUrlEncodedContent(form));
        return await RawResponse.ReadAsync(response);
    }

    private async Task<int> AuditEntriesAsync(string type, string username)
    {
        using var management = await SessionChecks.ManagementClientAsync(server);
        var entries = await management.GetFromJsonAsync<JsonElement>($"/api/logs?type={type}&page_size=100");
        return entries.EnumerateArray().Count(e => e.TryGetProperty("username", out var name) && name.GetString() == username);
    }
}

public sealed class Check81To84ProtocolHygieneTests(CheckServer server)
    : Check81To84ProtocolHygieneChecks(server), IClassFixture<CheckServer>;

public sealed class Check81To84ProtocolHygieneOnPostgreSqlTests(PostgresCheckServer server)
    : Check81To84ProtocolHygieneChecks(server), IClassFixture<PostgresCheckServer>;
