using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Identity.Core.Accounts;
using Identity.Data;
using Identity.Keys;
using Identity.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Server.Tests;

/// <summary>
/// The differential test of the direct refresh path: the same grants refreshed by the same requests, valid and invalid,
/// on a server with it (the default) and on one without it, must get the same answers (status, error, headers, JSON
/// members) and, when tokens are issued, tokens of the same shape (headers, claims, lifetimes, the refresh token's
/// encrypted payload) and the same rows and audit entry; the valid ones must have been answered by the direct path, the
/// others never; and what it issues must work wherever OpenIddict's own tokens do.
/// </summary>
public sealed class DirectRefreshGrantTests(ClientCredentialsServerFactory direct, PipelineOnlyServerFactory pipeline)
    : IClassFixture<ClientCredentialsServerFactory>, IClassFixture<PipelineOnlyServerFactory>
{
    private const string DefaultScope = "openid offline_access profile";

    /// <summary>One refresh: the grant it refreshes, what happens first, and the request.</summary>
    public sealed record RefreshCase(string Name, bool Direct, string Client = TestApps.SpaId, string Scope = DefaultScope, bool Nonce = false,
        Preparation Before = Preparation.None, Authentication As = Authentication.FormClientId, (string Key, string Value)[]? Extra = null,
        string Query = "", bool OmitRefreshToken = false)
    {
        public override string ToString() => Name;
    }

    public enum Preparation { None, RefreshedOnce, RefreshedOnceLeewayPassed, RefreshSuccessor, Revoked, PasswordChanged, UserDeleted, Garbage, AccessTokenInstead }

    public enum Authentication { FormClientId, Basic, FormSecret, WrongSecret, SpaWithSecret, NoClientId, OtherClient }

    private static readonly (string, string) ScopeNarrowed = ("scope", "openid offline_access");

    public static TheoryData<RefreshCase> Cases => new()
    {
        new("public client", true),
        new("confidential, client_secret_basic", true, TestApps.TraditionalId, As: Authentication.Basic),
        new("confidential, client_secret_post", true, TestApps.TraditionalId, As: Authentication.FormSecret),
        new("offline_access alone: no ID token", true, Scope: "offline_access"),
        new("the nonce of the authorization request", true, Nonce: true),
        new("email and phone scopes of a user without either", true, Scope: "openid offline_access profile email phone"),
        new("the successor of a refresh", true, Before: Preparation.RefreshSuccessor),
        new("used again within the reuse leeway", false, Before: Preparation.RefreshedOnce),
        new("used again after the leeway: a replay", false, Before: Preparation.RefreshedOnceLeewayPassed),
        new("revoked", false, Before: Preparation.Revoked),
        new("the user changed password", false, Before: Preparation.PasswordChanged),
        new("the user was deleted", false, Before: Preparation.UserDeleted),
        new("not a token of this server", false, Before: Preparation.Garbage),
        new("the grant's access token in place of its refresh token", false, Before: Preparation.AccessTokenInstead),
        new("another client's token", false, As: Authentication.OtherClient),
        new("wrong secret", false, TestApps.TraditionalId, As: Authentication.WrongSecret),
        new("public client sending a secret", false, As: Authentication.SpaWithSecret),
        new("no client_id", false, As: Authentication.NoClientId),
        new("confidential client without its secret", false, TestApps.TraditionalId),
        new("a narrower scope", false, Extra: [ScopeNarrowed]),
        new("a resource parameter", false, Extra: [("resource", "https://api.example.com")]),
        new("refresh_token repeated", false, Extra: [("refresh_token", "again")]),
        new("no refresh_token", false, OmitRefreshToken: true),
        new("a query string", false, Query: "?x=1"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheDirectPath_AnswersExactlyAsOpenIddictDoes(RefreshCase refresh)
    {
        direct.StartCounting();
        pipeline.StartCounting();
        var username = Flows.NewUsername();
        var pkce = Pkce.Create();
        var ourGrant = await PrepareAsync(direct, refresh, username, pkce);
        var theirGrant = await PrepareAsync(pipeline, refresh, username, pkce);

        var directBefore = direct.DirectAnswers;
        var (ours, oursBody) = await SendAsync(direct, refresh, ourGrant.RefreshToken);
        var (theirs, theirsBody) = await SendAsync(pipeline, refresh, theirGrant.RefreshToken);

        Assert.Equal(refresh.Direct ? directBefore + 1 : directBefore, direct.DirectAnswers);
        Assert.Equal(0, pipeline.DirectAnswers);
        if (SameTokenAnswer.Assert(theirs, theirsBody, ours, oursBody) is not var (theirsJson, oursJson))
        {
            return;
        }

        AssertSameShape(Jwt.Header(Token(theirsJson, "access_token")), Jwt.Header(Token(oursJson, "access_token")), "kid");
        AssertSameClaims(pipeline, theirGrant, Jwt.Payload(Token(theirsJson, "access_token")), direct, ourGrant, Jwt.Payload(Token(oursJson, "access_token")));
        if (theirsJson.TryGetProperty("id_token", out var theirIdToken))
        {
            var ourIdToken = oursJson.GetProperty("id_token").GetString()!;
            AssertSameShape(Jwt.Header(theirIdToken.GetString()!), Jwt.Header(ourIdToken), "kid");
            AssertSameClaims(pipeline, theirGrant, Jwt.Payload(theirIdToken.GetString()!), direct, ourGrant, Jwt.Payload(ourIdToken));
            Assert.Equal(AccessTokenHash(Token(oursJson, "access_token")), Jwt.Payload(ourIdToken).GetProperty("at_hash").GetString());
        }
        var (theirRefreshHeader, theirRefresh) = await OpenRefreshTokenAsync(pipeline, Token(theirsJson, "refresh_token"));
        var (ourRefreshHeader, ourRefresh) = await OpenRefreshTokenAsync(direct, Token(oursJson, "refresh_token"));
        AssertSameShape(theirRefreshHeader, ourRefreshHeader, "kid");
        AssertSameClaims(pipeline, theirGrant, theirRefresh, direct, ourGrant, ourRefresh);

        Assert.Equal(await RowOfAsync(pipeline, theirRefresh), await RowOfAsync(direct, ourRefresh));
        Assert.Equal(await LastIssuedAuditAsync(pipeline, theirGrant.ClientId), await LastIssuedAuditAsync(direct, ourGrant.ClientId));
    }

    [Fact]
    public async Task ADirectlyRefreshedGrant_WorksWhereverOpenIddictsTokensDo()
    {
        direct.StartCounting();
        var grant = await GrantAsync(direct, TestApps.TraditionalId, DefaultScope, Flows.NewUsername(), Pkce.Create(), nonce: null);
        var before = direct.DirectAnswers;
        using var http = direct.NewBackChannel();
        var refreshed = await RefreshAsTraditionalAsync(http, grant.RefreshToken);
        Assert.True(refreshed.IsSuccess, refreshed.Raw);
        Assert.Equal(before + 1, direct.DirectAnswers);

        // The access token opens userinfo; the refresh token introspects active and is accepted by OpenIddict's own
        // refresh (a scope parameter sends the request down the pipeline), whose successor is refreshed directly again.
        using var userInfo = await Flows.UserInfoAsync(http, refreshed.AccessToken!);
        Assert.Equal(HttpStatusCode.OK, userInfo.StatusCode);
        using var introspected = await http.PostAsync("/oidc/token/introspection", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = refreshed.RefreshToken!, ["client_id"] = TestApps.TraditionalId, ["client_secret"] = TestApps.TraditionalSecret,
        }));
        var introspection = JsonDocument.Parse(await introspected.Content.ReadAsStringAsync()).RootElement;
        Assert.True(introspection.GetProperty("active").GetBoolean(), introspection.GetRawText());
        Assert.Equal(grant.UserId, introspection.GetProperty("sub").GetString());

        var throughPipeline = await RefreshAsTraditionalAsync(http, refreshed.RefreshToken!, DefaultScope);
        Assert.True(throughPipeline.IsSuccess, throughPipeline.Raw);
        Assert.Equal(before + 1, direct.DirectAnswers);
        var again = await RefreshAsTraditionalAsync(http, throughPipeline.RefreshToken!);
        Assert.True(again.IsSuccess, again.Raw);
        Assert.Equal(before + 2, direct.DirectAnswers);
    }

    private static Task<TokenResponse> RefreshAsTraditionalAsync(HttpClient http, string refreshToken, string? scope = null) =>
        Flows.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["scope"] = scope,
            ["client_id"] = TestApps.TraditionalId, ["client_secret"] = TestApps.TraditionalSecret,
        });

    [Fact]
    public async Task AReplayAfterADirectRefresh_RevokesTheWholeChain_IncludingWhatTheDirectPathIssued()
    {
        var grant = await GrantAsync(direct, TestApps.SpaId, DefaultScope, Flows.NewUsername(), Pkce.Create(), nonce: null);
        using var http = direct.NewBackChannel();
        var successor = await Flows.RefreshAsync(http, grant.RefreshToken, TestApps.SpaId);
        Assert.True(successor.IsSuccess, successor.Raw);

        direct.Clock.Advance(TimeSpan.FromSeconds(31));
        var replay = await Flows.RefreshAsync(http, grant.RefreshToken, TestApps.SpaId);
        var afterReplay = await Flows.RefreshAsync(http, successor.RefreshToken!, TestApps.SpaId);
        using var userInfo = await Flows.UserInfoAsync(http, successor.AccessToken!);

        Assert.Equal("invalid_grant", replay.Error);
        Assert.Equal("invalid_grant", afterReplay.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, userInfo.StatusCode);
    }

    [Fact]
    public async Task TwoParallelRefreshesOfOneToken_BothSucceedWithinTheLeeway_AndTheTokenIsRedeemedOnce()
    {
        var grant = await GrantAsync(direct, TestApps.SpaId, DefaultScope, Flows.NewUsername(), Pkce.Create(), nonce: null);
        using var first = direct.NewBackChannel();
        using var second = direct.NewBackChannel();

        var answers = await Task.WhenAll(Flows.RefreshAsync(first, grant.RefreshToken, TestApps.SpaId),
            Flows.RefreshAsync(second, grant.RefreshToken, TestApps.SpaId));

        Assert.All(answers, a => Assert.True(a.IsSuccess, a.Raw));
        await using var scope = direct.Services.CreateAsyncScope();
        var tokens = await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking()
            .Where(t => t.Subject == grant.UserId && t.Type == "urn:ietf:params:oauth:token-type:refresh_token").ToListAsync();
        Assert.Equal(["redeemed", "valid", "valid"], tokens.Select(t => t.Status!).Order(StringComparer.Ordinal));
    }

    private sealed record Grant(string ClientId, string RefreshToken, string AccessToken, string UserId, string Username);

    private static async Task<Grant> PrepareAsync(ClientCredentialsServerFactory server, RefreshCase refresh, string username, Pkce pkce)
    {
        var grant = await GrantAsync(server, refresh.Client, refresh.Scope, username, pkce, refresh.Nonce ? "nonce-" + username : null);
        var secret = refresh.Client == TestApps.TraditionalId ? TestApps.TraditionalSecret : null;
        using var http = server.NewBackChannel();
        switch (refresh.Before)
        {
            case Preparation.RefreshedOnce:
            case Preparation.RefreshedOnceLeewayPassed:
            case Preparation.RefreshSuccessor:
                var refreshed = await Flows.PostTokenAsync(http, new Dictionary<string, string?>
                {
                    ["grant_type"] = "refresh_token", ["refresh_token"] = grant.RefreshToken, ["client_id"] = grant.ClientId, ["client_secret"] = secret,
                });
                Assert.True(refreshed.IsSuccess, refreshed.Raw);
                if (refresh.Before == Preparation.RefreshSuccessor)
                {
                    return grant with { RefreshToken = refreshed.RefreshToken! };
                }
                if (refresh.Before == Preparation.RefreshedOnceLeewayPassed)
                {
                    server.Clock.Advance(TimeSpan.FromSeconds(31));
                }
                return grant;
            case Preparation.Revoked:
                using (var revoked = await http.PostAsync("/oidc/token/revocation", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["token"] = grant.RefreshToken, ["client_id"] = grant.ClientId,
                })))
                {
                    Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
                }
                return grant;
            case Preparation.PasswordChanged:
            case Preparation.UserDeleted:
                await using (var scope = server.Services.CreateAsyncScope())
                {
                    var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
                    var user = await users.FindByIdAsync(grant.UserId);
                    var result = refresh.Before == Preparation.UserDeleted
                        ? await users.DeleteAsync(user!)
                        : await users.ChangePasswordAsync(user!, Flows.GoodPassword, Flows.GoodPassword + " changed");
                    Assert.True(result.Succeeded);
                }
                return grant;
            case Preparation.Garbage:
                return grant with { RefreshToken = "not-a-token-of-this-server" };
            case Preparation.AccessTokenInstead:
                return grant with { RefreshToken = grant.AccessToken };
            default:
                return grant;
        }
    }

    private static async Task<Grant> GrantAsync(ClientCredentialsServerFactory server, string clientId, string scope, string username, Pkce pkce,
        string? nonce)
    {
        var redirect = clientId == TestApps.TraditionalId ? TestApps.TraditionalRedirect : TestApps.SpaRedirect;
        using var browser = server.NewBrowser();
        var extra = new Dictionary<string, string?> { ["interaction_mode"] = "signUp" };
        if (nonce is not null)
        {
            extra["nonce"] = nonce;
        }
        var page = await browser.GoAsync(Flows.AuthorizeUrl(clientId, redirect, pkce, scope: scope, extra: extra));
        var landing = await browser.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = Flows.GoodPassword, ["ConfirmPassword"] = Flows.GoodPassword,
        });
        using var http = server.NewBackChannel();
        var tokens = await Flows.RedeemAsync(http, landing.CallbackParameters["code"], clientId, redirect, pkce.Verifier,
            clientId == TestApps.TraditionalId ? TestApps.TraditionalSecret : null);
        Assert.True(tokens.IsSuccess, tokens.Raw);
        var userId = Jwt.Payload(tokens.AccessToken!).GetProperty("sub").GetString()!;
        return new Grant(clientId, tokens.RefreshToken!, tokens.AccessToken!, userId, username);
    }

    private static async Task<(HttpResponseMessage Response, string Body)> SendAsync(ClientCredentialsServerFactory server, RefreshCase refresh,
        string refreshToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "refresh_token") };
        if (!refresh.OmitRefreshToken)
        {
            form.Add(new("refresh_token", refreshToken));
        }
        (string Id, string Secret)? basic = null;
        switch (refresh.As)
        {
            case Authentication.FormClientId:
                form.Add(new("client_id", refresh.Client));
                break;
            case Authentication.Basic:
                basic = (refresh.Client, TestApps.TraditionalSecret);
                break;
            case Authentication.FormSecret:
                form.Add(new("client_id", refresh.Client));
                form.Add(new("client_secret", TestApps.TraditionalSecret));
                break;
            case Authentication.WrongSecret:
                basic = (refresh.Client, "not-the-secret-0123456789");
                break;
            case Authentication.SpaWithSecret:
                form.Add(new("client_id", TestApps.SpaId));
                form.Add(new("client_secret", "a-secret-a-public-client-cannot-have"));
                break;
            case Authentication.OtherClient:
                basic = (TestApps.TraditionalId, TestApps.TraditionalSecret);
                break;
            case Authentication.NoClientId:
                break;
        }
        form.AddRange((refresh.Extra ?? []).Select(p => new KeyValuePair<string, string>(p.Key, p.Value)));

        using var http = server.NewBackChannel();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/oidc/token" + refresh.Query) { Content = new FormUrlEncodedContent(form) };
        if (basic is { } credentials)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.ASCII.GetBytes($"{credentials.Id}:{credentials.Secret}")));
        }
        var response = await http.SendAsync(message);
        return (response, await response.Content.ReadAsStringAsync());
    }

    // The claims of two tokens issued to two users of the same name on two servers: the same names, kinds and values,
    // except what names the server (issuer), the user's record (id, times), the grant (authorization, row) or the moment.
    private static void AssertSameClaims(ClientCredentialsServerFactory theirServer, Grant theirGrant, JsonElement theirs,
        ClientCredentialsServerFactory ourServer, Grant ourGrant, JsonElement ours)
    {
        Assert.Equal(SameTokenAnswer.Members(theirs), SameTokenAnswer.Members(ours));
        string[] perServer = ["iss", "sub", "jti", "iat", "exp", "created_at", "updated_at", "auth_time", "oi_au_id", "oi_tkn_id",
            "identity_security_stamp", "identity_grant_start", "at_hash"];
        foreach (var claim in SameTokenAnswer.Members(theirs))
        {
            Assert.Equal(theirs.GetProperty(claim).ValueKind, ours.GetProperty(claim).ValueKind);
            if (!perServer.Contains(claim))
            {
                Assert.Equal(Canonical(theirs.GetProperty(claim)), Canonical(ours.GetProperty(claim)));
            }
        }
        Assert.Equal(theirServer.Issuer, theirs.GetProperty("iss").GetString());
        Assert.Equal(ourServer.Issuer, ours.GetProperty("iss").GetString());
        Assert.Equal(theirGrant.UserId, theirs.GetProperty("sub").GetString());
        Assert.Equal(ourGrant.UserId, ours.GetProperty("sub").GetString());
        Assert.Equal(theirs.GetProperty("exp").GetInt64() - theirs.GetProperty("iat").GetInt64(),
            ours.GetProperty("exp").GetInt64() - ours.GetProperty("iat").GetInt64());
    }

    // JSON with object members in order, so that two maps written in different orders compare equal.
    private static string Canonical(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => $"{p.Name}:{Canonical(p.Value)}")) + "}",
        JsonValueKind.Array => "[" + string.Join(",", value.EnumerateArray().Select(Canonical)) + "]",
        _ => value.GetRawText(),
    };

    private static void AssertSameShape(JsonElement theirs, JsonElement ours, params string[] except) =>
        Assert.Equal(SameTokenAnswer.Shape(theirs, except), SameTokenAnswer.Shape(ours, except));

    // The refresh token's JWE header and the payload inside it, opened with the server's own keys.
    private static async Task<(JsonElement Header, JsonElement Payload)> OpenRefreshTokenAsync(ClientCredentialsServerFactory server, string token)
    {
        var ring = server.Services.GetRequiredService<SigningKeyRing>();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateAudience = false, ValidateIssuer = false, ValidateLifetime = false,
            TokenDecryptionKeys = ring.EncryptionKeys,
            IssuerSigningKeys = ring.Plan(new TokenLifetimes(TimeSpan.FromHours(1), TimeSpan.FromDays(14))).Select(k => ring.SigningKey(k.Id)),
            ValidTypes = ["oi_reft+jwt"],
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var jwe = (JsonWebToken)result.SecurityToken;
        return (Decode(jwe.EncodedHeader), Decode(jwe.InnerToken!.EncodedPayload));

        static JsonElement Decode(string part) => JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(part)).RootElement;
    }

    // The refresh token's row, in what does not depend on the server: type, status, whose it is, how long it lives.
    private static async Task<string> RowOfAsync(ClientCredentialsServerFactory server, JsonElement refreshToken)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        var id = refreshToken.GetProperty("oi_tkn_id").GetString();
        var row = await db.Set<OpenIddictEntityFrameworkCoreToken>().AsNoTracking().Include(t => t.Application).Include(t => t.Authorization)
            .SingleAsync(t => t.Id == id);
        Assert.Equal(refreshToken.GetProperty("sub").GetString(), row.Subject);
        Assert.Equal(refreshToken.GetProperty("oi_au_id").GetString(), row.Authorization!.Id);
        Assert.Equal(refreshToken.GetProperty("iat").GetInt64(), new DateTimeOffset(row.CreationDate!.Value, TimeSpan.Zero).ToUnixTimeSeconds());
        Assert.Null(row.ReferenceId);
        Assert.Null(row.Payload);
        Assert.Null(row.RedemptionDate);
        return $"{row.Type} {row.Status} {row.Application!.ClientId} {row.ExpirationDate - row.CreationDate} {row.Properties}";
    }

    private static async Task<string> LastIssuedAuditAsync(ClientCredentialsServerFactory server, string clientId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var entry = await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().AuditLog.AsNoTracking()
            .Where(e => e.Type == "token.issued" && e.ClientId == clientId).OrderByDescending(e => e.Id).FirstAsync();
        return $"{entry.Outcome} {entry.Username} {entry.Details}";
    }

    private static string AccessTokenHash(string accessToken)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(accessToken));
        return Base64UrlEncoder.Encode(hash, 0, 16);
    }

    private static string Token(JsonElement json, string name) => json.GetProperty(name).GetString()!;
}
