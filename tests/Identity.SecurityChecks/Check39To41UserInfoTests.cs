using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Checks 39–41: the userinfo endpoint (<c>/oidc/me</c>).</summary>
public sealed class Check39To41UserInfoTests(CheckServer server) : IClassFixture<CheckServer>
{
    // The claims each scope releases (Logto's per-scope claims; the standard OIDC names for address).
    private static readonly Dictionary<string, string[]> ClaimGroups = new()
    {
        ["profile"] = ["name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile", "picture",
            "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at", "username", "created_at"],
        ["email"] = ["email", "email_verified"],
        ["address"] = ["address"],
        ["phone"] = ["phone_number", "phone_number_verified"],
    };

    [Fact]
    public async Task Check39_UserInfoByGetOrPostWithTheHeader_GivesTheIdTokenSubject_ATokenInThePostBodyIsAccepted()
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        var subject = SessionChecks.Claim(tokens.IdToken!, "sub");
        using var http = server.NewBackChannel();

        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            using var response = await Oidc.UserInfoAsync(http, tokens.AccessToken!, method);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(subject, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sub").GetString());
        }

        // The documented behaviour for a token in the body (RFC 6750 2.2, form-encoded body parameter): accepted.
        using var bodyResponse = await http.PostAsync("/oidc/me",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["access_token"] = tokens.AccessToken! }));
        Assert.Equal(HttpStatusCode.OK, bodyResponse.StatusCode);
        Assert.Equal(subject, (await bodyResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sub").GetString());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("tampered")]
    [InlineData("expired")]
    public async Task Check40_UserInfoWithoutOrWithATamperedOrExpiredToken_Is401WithABearerChallenge_InvalidTokenForBadTokens(string token)
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);
        var accessToken = tokens.AccessToken!;
        using var http = server.NewBackChannel();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/oidc/me");
        switch (token)
        {
            case "tampered":
                // The payload names another subject; the signature is the original one.
                var parts = accessToken.Split('.');
                var payload = Jwt.Payload(accessToken).GetRawText().Replace(SessionChecks.Claim(accessToken, "sub")!, "someone-else", StringComparison.Ordinal);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                    $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}");
                break;
            case "expired":
                // Access tokens live an hour (OpenIddict's default, kept by the server).
                await server.AdvanceClockAsync(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
                break;
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        if (token == "none")
        {
            // RFC 6750 3.1: a request with no authentication at all gets a bare challenge ("SHOULD NOT include an
            // error code"); invalid_token is tolerated, any other error is not.
            Assert.True(challenge.Parameter is null || !challenge.Parameter.Contains("error=", StringComparison.Ordinal)
                || challenge.Parameter.Contains("error=\"invalid_token\"", StringComparison.Ordinal), $"WWW-Authenticate: {challenge}");
        }
        else
        {
            Assert.True((challenge.Parameter ?? string.Empty).Contains("error=\"invalid_token\"", StringComparison.Ordinal),
                $"WWW-Authenticate: {challenge}");
        }
    }

    [Theory]
    [InlineData("openid")]
    [InlineData("openid profile")]
    [InlineData("openid email")]
    [InlineData("openid address")]
    [InlineData("openid phone")]
    public async Task Check41_UserInfo_ReleasesOnlyTheClaimGroupsOfTheGrantedScopes(string scope)
    {
        using var browser = server.NewBrowser();
        var tokens = await Oidc.SignInAndRedeemAsync(server, browser, scope: scope);
        using var http = server.NewBackChannel();
        using var response = await Oidc.UserInfoAsync(http, tokens.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var claims = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateObject().Select(p => p.Name).ToHashSet();

        var scopes = scope.Split(' ');
        var allowed = ClaimGroups.Where(g => scopes.Contains(g.Key)).SelectMany(g => g.Value).Append("sub").ToHashSet();
        Assert.Contains("sub", claims);
        Assert.Empty(claims.Except(allowed));
        // Alice has a name and an email: the groups she has data for are there, not just allowed.
        if (scopes.Contains("profile")) Assert.Contains("name", claims);
        if (scopes.Contains("email")) Assert.Contains("email", claims);
        if (scope == "openid") Assert.Equal(["sub"], claims);
    }
}
