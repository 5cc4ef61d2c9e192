using System.Net;
using System.Text.Json;
using Identity.Data;
using Identity.Keys;
using Identity.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Server.Tests;

/// <summary>
/// By default ID tokens are RS256 (OpenID Connect's default, which every client accepts) and access tokens ES256 (about
/// ten times cheaper to sign), each verifiable with the published JWKS, and discovery still lists RS256 for ID tokens.
/// </summary>
public sealed class SigningAlgorithmByTokenTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    [Fact]
    public async Task ByDefault_IdTokensAreRs256_AccessTokensEs256_BothVerifyWithTheJwks_AndUserInfoAccepts()
    {
        using var browser = server.NewBrowser();
        var (_, tokens) = await Flows.SignUpAndRedeemAsync(server, browser);
        using var http = server.NewBackChannel();
        var jwks = new JsonWebKeySet(await http.GetStringAsync("/oidc/jwks"));

        await PublishedKeys.AssertSignedByAsync(server, jwks, tokens.Get("id_token")!, "RS256", "RSA");
        await PublishedKeys.AssertSignedByAsync(server, jwks, tokens.AccessToken!, "ES256", "EC");
        Assert.Equal(HttpStatusCode.OK, (await Flows.UserInfoAsync(http, tokens.AccessToken!)).StatusCode);

        using var discovery = JsonDocument.Parse(await http.GetStringAsync("/oidc/.well-known/openid-configuration"));
        Assert.Contains("RS256", discovery.RootElement.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()));
    }
}

/// <summary>The schedule of a ring with a key per algorithm (<see cref="SigningKeySchedule"/>), as a pure function of keys, settings and time.</summary>
public sealed class SigningKeyFamiliesScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TokenLifetimes Lifetimes = new(TimeSpan.FromHours(1), TimeSpan.FromDays(14));
    private static readonly SigningKeyOptions Defaults = new();

    private static SigningKeyRecord Key(string id, string algorithm, DateTimeOffset createdAt) =>
        new() { Id = id, Use = "sig", Algorithm = algorithm, ProtectedMaterial = "-", CreatedAt = createdAt };

    [Fact]
    public void TheKeysOfAFreshRing_AllSignFromTheStart_IdTokensWithRs256_TheOthersWithEs256()
    {
        var plan = SigningKeySchedule.Plan([Key("rsa-1", "RS256", Start), Key("ec-1", "ES256", Start)], Defaults, Lifetimes);

        Assert.Equal("rsa-1", SigningKeySchedule.IdTokenSignerAt(plan, Defaults, Start)!.Id);
        Assert.Equal("ec-1", SigningKeySchedule.AccessTokenSignerAt(plan, Defaults, Start)!.Id);
    }

    [Fact]
    public void AnAlgorithmConfiguredLater_IsPublishedFirst_AndUntilItsKeyActivates_TheIdTokensKeySignsEverything()
    {
        // An existing RS256-only ring; the upgrade adds the ES256 family's first key a month later.
        var added = Start.AddDays(30);
        var plan = SigningKeySchedule.Plan([Key("rsa-1", "RS256", Start), Key("ec-1", "ES256", added)], Defaults, Lifetimes);

        Assert.Equal(SigningKeyState.Pending, plan.Single(k => k.Id == "ec-1").StateAt(added));
        Assert.Equal("rsa-1", SigningKeySchedule.AccessTokenSignerAt(plan, Defaults, added)!.Id);
        var activated = added + Defaults.ActivationDelay;
        Assert.Equal("ec-1", SigningKeySchedule.AccessTokenSignerAt(plan, Defaults, activated)!.Id);
        Assert.Equal("rsa-1", SigningKeySchedule.IdTokenSignerAt(plan, Defaults, activated)!.Id);
        Assert.Equal(SigningKeyState.Active, plan.Single(k => k.Id == "rsa-1").StateAt(activated));
    }

    [Fact]
    public void EachAlgorithm_RollsOverOnItsOwn_ARotatedKeyReplacingOnlyTheKeyOfItsAlgorithm()
    {
        var rotated = Start.AddDays(90);
        var plan = SigningKeySchedule.Plan(
            [Key("rsa-1", "RS256", Start), Key("ec-1", "ES256", Start), Key("rsa-2", "RS256", rotated), Key("ec-2", "ES256", rotated)], Defaults, Lifetimes);
        var activated = rotated + Defaults.ActivationDelay;

        Assert.Equal("rsa-1", SigningKeySchedule.IdTokenSignerAt(plan, Defaults, rotated)!.Id);
        Assert.Equal("ec-1", SigningKeySchedule.AccessTokenSignerAt(plan, Defaults, rotated)!.Id);
        Assert.Equal("rsa-2", SigningKeySchedule.IdTokenSignerAt(plan, Defaults, activated)!.Id);
        Assert.Equal("ec-2", SigningKeySchedule.AccessTokenSignerAt(plan, Defaults, activated)!.Id);
        Assert.Equal(activated, plan.Single(k => k.Id == "rsa-1").ReplacedAt);
        Assert.Equal(activated, plan.Single(k => k.Id == "ec-1").ReplacedAt);
    }

    [Fact]
    public void AKeyOfAnAlgorithmNoLongerConfigured_IsReplacedByTheConfiguredOne_AndLeavesTheJwksAfterItsTokens()
    {
        var es256Only = new SigningKeyOptions { Algorithm = "ES256" };
        var plan = SigningKeySchedule.Plan([Key("rsa-1", "RS256", Start), Key("ec-1", "ES256", Start)], es256Only, Lifetimes);
        var rsa = plan.Single(k => k.Id == "rsa-1");

        Assert.Equal("ec-1", SigningKeySchedule.IdTokenSignerAt(plan, es256Only, Start)!.Id);
        Assert.Equal(SigningKeyState.Retiring, rsa.StateAt(Start));
        Assert.False(SigningKeySchedule.IsPublished(rsa.StateAt(Start + Lifetimes.Published!.Value + es256Only.RetirementMargin)));
    }
}
