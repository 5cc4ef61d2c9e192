using Identity.SecurityChecks.Infrastructure;
using static Identity.SecurityChecks.Infrastructure.AuthorizationChecks;

namespace Identity.SecurityChecks;

/// <summary>Checks 27–32: PKCE, required for public clients, S256 only, never downgraded, optional for confidential ones.</summary>
public sealed class Check27To32PkceTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Fact]
    public async Task Check27_PkceRequiredClientWithoutChallenge_RedirectsInvalidRequest()
    {
        var response = await GetAsync(server, Oidc.AuthorizeUrl(CheckSeed.SpaId, CheckSeed.SpaRedirect, state: "state-27"));

        AssertErrorRedirect(response.Location, CheckSeed.SpaRedirect + "?", "state-27", server.Issuer, "invalid_request");
    }

    [Theory]
    [InlineData("plain")]
    [InlineData(null)]
    public async Task Check28_PlainOrMissingChallengeMethod_IsRefused(string? method)
    {
        var pkce = Pkce.Create();
        var challenge = method is null ? pkce.Challenge : pkce.Verifier; // plain: the challenge is the verifier itself
        var url = Oidc.AuthorizeUrl(CheckSeed.SpaId, CheckSeed.SpaRedirect, state: "state-28",
            extra: new Dictionary<string, string?> { ["code_challenge"] = challenge, ["code_challenge_method"] = method });

        await AssertRefusedAsync(url, "state-28");
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("missing")]
    public async Task Check29_S256Challenge_WrongOrMissingVerifier_IsInvalidGrant(string verifier)
    {
        using var browser = server.NewBrowser();
        var pkce = Pkce.Create();
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.SpaId, CheckSeed.SpaRedirect, pkce: pkce));
        using var http = server.NewBackChannel();

        var tokens = await Oidc.RedeemAsync(http, landing.CallbackParameters["code"], CheckSeed.SpaRedirect, CheckSeed.SpaId, secret: null,
            verifier: verifier == "wrong" ? Pkce.Create().Verifier : null);

        Assert.Equal("invalid_grant", tokens.Error);
        Assert.Null(tokens.AccessToken);
    }

    [Fact]
    public async Task Check30_VerifierWithoutChallenge_IsInvalidGrant()
    {
        using var browser = server.NewBrowser();
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect));
        using var http = server.NewBackChannel();

        // A PKCE downgrade: the code was issued without a challenge, so a verifier must not be taken as proof of anything.
        var tokens = await Oidc.RedeemAsync(http, landing.CallbackParameters["code"], CheckSeed.WebRedirect, verifier: Pkce.Create().Verifier);

        Assert.Equal("invalid_grant", tokens.Error);
        Assert.Null(tokens.AccessToken);
    }

    [Theory]
    [InlineData("42 characters")]
    [InlineData("129 characters")]
    [InlineData("illegal characters")]
    public async Task Check31_ChallengeOutsideRfc7636Syntax_IsInvalidRequest(string shape)
    {
        var challenge = shape switch
        {
            "42 characters" => new string('a', 42),
            "129 characters" => new string('a', 129),
            _ => "abc+def/ghi=" + new string('a', 31), // 43 characters, but base64 rather than base64url
        };
        var url = Oidc.AuthorizeUrl(CheckSeed.SpaId, CheckSeed.SpaRedirect, state: "state-31",
            extra: new Dictionary<string, string?> { ["code_challenge"] = challenge, ["code_challenge_method"] = "S256" });

        await AssertRefusedAsync(url, "state-31");
    }

    [Fact]
    public async Task Check32_ConfidentialClientWithoutPkce_StillSucceeds()
    {
        using var browser = server.NewBrowser();

        var tokens = await Oidc.SignInAndRedeemAsync(server, browser);

        Assert.False(string.IsNullOrEmpty(tokens.AccessToken));
        Assert.False(string.IsNullOrEmpty(tokens.IdToken));
    }

    // Refused with invalid_request before any sign-in: on the error page or by an error redirect, never with a code.
    private async Task AssertRefusedAsync(string url, string state)
    {
        var response = await GetAsync(server, url);
        if (response.Location is { } location && location.IsAbsoluteUri)
        {
            AssertErrorRedirect(location, CheckSeed.SpaRedirect + "?", state, server.Issuer, "invalid_request");
        }
        else
        {
            AssertErrorPage(response, "invalid_request");
        }
    }
}
