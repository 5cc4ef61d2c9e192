using Identity.SecurityChecks.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using static Identity.SecurityChecks.Infrastructure.AuthorizationChecks;

namespace Identity.SecurityChecks;

/// <summary>Checks 10–17: how the authorization endpoint reads a request, and how it answers a bad one.</summary>
public sealed class Check10To17AuthorizationRequestTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Fact]
    public async Task Check10_MissingResponseType_RedirectsErrorWithStateAndIss()
    {
        var url = Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, state: "state-10",
            extra: new Dictionary<string, string?> { ["response_type"] = null });

        var response = await GetAsync(server, url);

        AssertErrorRedirect(response.Location, CheckSeed.WebRedirect + "?", "state-10", server.Issuer, "invalid_request", "unsupported_response_type");
    }

    [Theory]
    [InlineData("token")]
    [InlineData("id_token token")]
    public async Task Check11_ImplicitResponseType_IsRefused_NoTokenInFragment(string responseType)
    {
        var url = Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, state: "state-11",
            extra: new Dictionary<string, string?> { ["response_type"] = responseType });

        var response = await GetAsync(server, url);

        if (response.Location is null)
        {
            AssertErrorPage(response, "unsupported_response_type");
        }
        else
        {
            var parameters = AssertErrorRedirect(response.Location, CheckSeed.WebRedirect, "state-11", server.Issuer,
                "unsupported_response_type", "unauthorized_client", "invalid_request");
            AssertGrantsNothing(parameters);
        }
    }

    [Fact]
    public async Task Check12_UnknownExtraParameter_FlowSucceeds()
    {
        var url = Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, state: "state-12",
            extra: new Dictionary<string, string?> { ["extra"] = "foobar" });

        await AssertFlowSucceedsAsync(url, "state-12");
    }

    [Fact]
    public async Task Check13_ScopesReversedAndParametersReordered_FlowSucceeds()
    {
        var url = QueryHelpers.AddQueryString("/oidc/auth", new Dictionary<string, string?>
        {
            ["nonce"] = "nonce-13",
            ["state"] = "state-13",
            ["scope"] = "offline_access profile openid",
            ["redirect_uri"] = CheckSeed.WebRedirect,
            ["response_type"] = "code",
            ["client_id"] = CheckSeed.WebId,
        });

        await AssertFlowSucceedsAsync(url, "state-13");
    }

    [Fact]
    public async Task Check14_AuthorizationRequestAsPostForm_FlowSucceeds()
    {
        using var browser = server.NewBrowser();
        var fields = QueryHelpers.ParseQuery(new Uri(server.BaseUri, Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, state: "state-14")).Query)
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString()));

        using var posted = await browser.PostRawAsync(new Uri(server.BaseUri, "/oidc/auth"), fields);
        Assert.True(posted.Headers.Location is not null, $"Expected a redirect to the sign-in page, got {(int)posted.StatusCode}.");
        var signIn = await browser.GoAsync(posted.Headers.Location.OriginalString);
        Assert.True(IsSignInPage(signIn), $"Expected the sign-in page, got {signIn.Url}:\n{signIn.Html}");
        var landing = await Oidc.SubmitSignInAsync(browser, signIn, CheckSeed.Alice, CheckSeed.Password);

        await AssertCodeRedeemsAsync(landing, "state-14");
    }

    [Theory]
    [InlineData("display", "page")]
    [InlineData("display", "popup")]
    [InlineData("ui_locales", "se")]
    [InlineData("claims_locales", "se")]
    [InlineData("acr_values", "1 2")]
    [InlineData("login_hint", CheckSeed.Alice)]
    public async Task Check15_OptionalOidcParameters_CauseNoError(string name, string value)
    {
        var url = Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, state: "state-15",
            extra: new Dictionary<string, string?> { [name] = value });

        await AssertFlowSucceedsAsync(url, "state-15");
    }

    /// <summary>
    /// The conformance suite's rule: a request object is either honoured (its redirect_uri wins over the query's) or
    /// refused as unsupported; a server that silently ignores it fails. The error may come on the page or by redirect.
    /// </summary>
    [Theory]
    [InlineData("request")]
    [InlineData("request_uri")]
    public async Task Check16_RequestObject_IsHonouredOrRefusedAsUnsupported_NeverIgnored(string parameter)
    {
        var requestObject = UnsignedJwt(new Dictionary<string, string>
        {
            ["iss"] = CheckSeed.WebId,
            ["aud"] = server.Issuer,
            ["client_id"] = CheckSeed.WebId,
            ["response_type"] = "code",
            ["scope"] = "openid",
            ["redirect_uri"] = CheckSeed.WebRedirectWithQuery,
            ["state"] = "state-16",
            ["nonce"] = "nonce-16",
        });
        using var host = new RequestObjectHost(requestObject);
        var url = Oidc.AuthorizeUrl(CheckSeed.WebId, CheckSeed.WebRedirect, "openid", state: "state-16",
            extra: new Dictionary<string, string?> { [parameter] = parameter == "request" ? requestObject : host.Uri.AbsoluteUri });
        string[] refusals = ["request_not_supported", "request_uri_not_supported", "invalid_request_uri", "invalid_request_object"];
        using var browser = server.NewBrowser();

        var page = await browser.GoAsync(url);

        if (page.LeftServerTo is { } location)
        {
            var parameters = ResponseParameters(location);
            Assert.True(parameters.ContainsKey("error"), $"A redirect without sign-in or error: {location}");
            Assert.Contains(parameters["error"], refusals);
            AssertGrantsNothing(parameters);
        }
        else if (!IsSignInPage(page))
        {
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, page.Status);
            Assert.Contains(page.Document.QuerySelectorAll("code").Select(c => c.TextContent), code => refusals.Contains(code));
        }
        else
        {
            // Accepted: then the object must have been read, so the user goes back to the object's redirect_uri.
            var landing = await Oidc.SubmitSignInAsync(browser, page, CheckSeed.Alice, CheckSeed.Password);
            Assert.True(landing.LeftServerTo is not null, $"Expected a redirect back to the app, got {landing.Url}:\n{landing.Html}");
            Assert.True(landing.LeftServerTo.AbsoluteUri.StartsWith(CheckSeed.WebRedirectWithQuery + "&", StringComparison.Ordinal),
                $"The '{parameter}' parameter was silently ignored: the user went back to the query's redirect_uri ({landing.LeftServerTo}).");
        }
    }

    public static TheoryData<string> ErrorRedirectCases =>
        ["missing response_type", "prompt=none without session", "public client without PKCE", "plain PKCE", "implicit response_type", "request object"];

    [Theory]
    [MemberData(nameof(ErrorRedirectCases))]
    public async Task Check17_EveryErrorRedirect_CarriesStateAndIss_NoOtherParameters_CleanDescription(string situation)
    {
        var (clientId, redirectUri) = situation is "public client without PKCE" or "plain PKCE"
            ? (CheckSeed.SpaId, CheckSeed.SpaRedirect)
            : (CheckSeed.WebId, CheckSeed.WebRedirect);
        Dictionary<string, string?> extra = situation switch
        {
            "missing response_type" => new() { ["response_type"] = null },
            "prompt=none without session" => new() { ["prompt"] = "none" },
            "public client without PKCE" => new(),
            "plain PKCE" => new() { ["code_challenge"] = Pkce.Create().Verifier, ["code_challenge_method"] = "plain" },
            "implicit response_type" => new() { ["response_type"] = "token" },
            "request object" => new() { ["request"] = UnsignedJwt(new Dictionary<string, string> { ["client_id"] = CheckSeed.WebId }) },
            _ => throw new ArgumentOutOfRangeException(nameof(situation)),
        };
        var response = await GetAsync(server, Oidc.AuthorizeUrl(clientId, redirectUri, state: "state-17", extra: extra));

        Assert.True(response.Location is not null, $"Expected an error redirect, got {(int)response.Status}:\n{response.Body}");
        var parameters = ResponseParameters(response.Location);
        Assert.True(parameters.ContainsKey("error"), $"Not an error redirect: {response.Location}");
        Assert.Equal("state-17", parameters.GetValueOrDefault("state"));
        Assert.Equal(server.Issuer, parameters.GetValueOrDefault("iss"));
        Assert.All(parameters.Keys, name => Assert.Contains(name, ErrorRedirectParameters));
        // RFC 6749 4.1.2.1: error and error_description are %x20-21 / %x23-5B / %x5D-7E, so no CR, LF or TAB.
        foreach (var name in new[] { "error", "error_description" })
        {
            Assert.All(parameters.GetValueOrDefault(name) ?? "", c => Assert.True(c is >= ' ' and <= '~' and not '"' and not '\\',
                $"{name} holds U+{(int)c:X4}: {parameters[name]}"));
        }
    }

    private async Task AssertFlowSucceedsAsync(string url, string state)
    {
        using var browser = server.NewBrowser();
        var landing = await Oidc.SignInThroughAuthorizeAsync(browser, url);
        await AssertCodeRedeemsAsync(landing, state);
    }

    private async Task AssertCodeRedeemsAsync(PageResult landing, string state)
    {
        Assert.True(landing.LeftServerTo is not null, $"Expected a redirect back to the app, got {landing.Url}:\n{landing.Html}");
        Assert.StartsWith(CheckSeed.WebRedirect + "?", landing.LeftServerTo.AbsoluteUri, StringComparison.Ordinal);
        var parameters = landing.CallbackParameters;
        Assert.False(parameters.ContainsKey("error"), landing.LeftServerTo.ToString());
        Assert.Equal(state, parameters["state"]);
        using var http = server.NewBackChannel();
        var tokens = await Oidc.RedeemAsync(http, parameters["code"], CheckSeed.WebRedirect);
        Assert.True(tokens.IsSuccess, tokens.Raw);
    }
}
