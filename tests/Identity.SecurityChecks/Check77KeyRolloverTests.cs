using System.Diagnostics;
using System.Text.RegularExpressions;
using Identity.SecurityChecks.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.SecurityChecks;

/// <summary>
/// Check 77 (key rollover): a new signing key is published before it signs, and the old one stays published until
/// the tokens it signed have expired. The rotation is done with the product's CLI on the running server's database;
/// the server picks it up without a restart. The defaults: activation 1 day after rotation; the replaced key leaves the
/// JWKS after the longest ID/access token lifetime (1 h) plus a 1 h margin.
/// </summary>
public sealed partial class Check77KeyRolloverTests(KeyRolloverCheckServer server) : IClassFixture<KeyRolloverCheckServer>
{
    private static readonly TimeSpan ActivationDelay = TimeSpan.FromDays(1);
    private static readonly TimeSpan PublishedAfterReplacement = TimeSpan.FromHours(2);

    [Fact]
    public async Task Check77_KeysRotate_PublishesTheNewKeyFirst_SignsWithItAfterActivation_DropsTheOldOneAfterItsTokensExpire()
    {
        var oldKid = Assert.Single(await KidsAsync(server));
        var before = await SignInAsync(server);
        Assert.Equal(oldKid, KidOf(before.IdToken!));

        // keys rotate (CLI, next to the running server): the new key is in the JWKS within the reload interval...
        var rotate = await server.RunCliAsync("keys", "rotate");
        Assert.True(rotate.ExitCode == 0, $"keys rotate: exit {rotate.ExitCode}\n{rotate.Stdout}\n{rotate.Stderr}");
        var newKid = AddedKey().Match(rotate.Stdout) is { Success: true } match ? match.Groups[1].Value
            : throw new Xunit.Sdk.XunitException("No key id in: " + rotate.Stdout);
        await WaitUntilAsync(async () => (await KidsAsync(server)).Contains(newKid), "the rotated key to be published");
        Assert.Equal(new[] { oldKid, newKid }.Order(StringComparer.Ordinal), (await KidsAsync(server)).Order(StringComparer.Ordinal));

        // ...but does not sign yet: every token is still signed with the old key.
        var pending = await SignInAsync(server);
        Assert.Equal(oldKid, KidOf(pending.IdToken!));
        Assert.Equal(oldKid, KidOf(pending.AccessToken!));
        var list = await server.RunCliAsync("keys", "list");
        Assert.Matches($@"{Regex.Escape(newKid)}\s+pending", list.Stdout);
        Assert.Matches($@"{Regex.Escape(oldKid)}\s+active", list.Stdout);

        // After the activation delay the new key signs; the old one is still published for the tokens it signed.
        await server.AdvanceClockAsync(ActivationDelay + TimeSpan.FromMinutes(1));
        var active = await SignInAsync(server);
        Assert.Equal(newKid, KidOf(active.IdToken!));
        Assert.Equal(newKid, KidOf(active.AccessToken!));
        await AssertSignatureVerifiesWithJwksAsync(active.IdToken!);
        Assert.Equal(new[] { oldKid, newKid }.Order(StringComparer.Ordinal), (await KidsAsync(server)).Order(StringComparer.Ordinal));

        // A refresh token the old key signed still works, and its new tokens are signed with the new key.
        using var http = server.NewBackChannel();
        var refreshed = await Oidc.RefreshAsync(http, pending.RefreshToken!);
        Assert.True(refreshed.IsSuccess, refreshed.Raw);
        Assert.Equal(newKid, KidOf(refreshed.IdToken!));

        // Once every ID/access token the old key signed has expired (plus the margin), it leaves the JWKS.
        await server.AdvanceClockAsync(PublishedAfterReplacement + TimeSpan.FromMinutes(1));
        Assert.Equal([newKid], await KidsAsync(server));

        // The server's own tokens it signed (codes, refresh tokens) stay verifiable until they expire.
        var stillValid = await Oidc.RefreshAsync(http, before.RefreshToken!);
        Assert.True(stillValid.IsSuccess, stillValid.Raw);
        Assert.Equal(newKid, KidOf(stillValid.IdToken!));
    }

    internal static async Task<TokenResponse> SignInAsync(CheckServer server)
    {
        using var browser = server.NewBrowser();
        return await Oidc.SignInAndRedeemAsync(server, browser);
    }

    internal static string KidOf(string jwt) => new JsonWebToken(jwt).Kid;

    internal static async Task<List<string>> KidsAsync(CheckServer server) =>
        [.. (await AuthorizationChecks.JwksAsync(server)).Keys.Select(k => k.Kid)];

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"Waited 30 s for {what}.");
            }
            await Task.Delay(200);
        }
    }

    private async Task AssertSignatureVerifiesWithJwksAsync(string jwt)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = (await AuthorizationChecks.JwksAsync(server)).Keys,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
    }

    [GeneratedRegex("Added signing key '([^']+)'")]
    private static partial Regex AddedKey();
}

/// <summary>
/// Check 77, scheduled: with <c>Keys:RotationInterval</c> set, a key is added when the newest one is that old; two
/// instances on one database, both due at once, add one key between them and both publish it.
/// </summary>
public sealed class Check77ScheduledRotationTests(ScheduledRotationCheckServer first) : IClassFixture<ScheduledRotationCheckServer>
{
    [Fact]
    public async Task Check77_ScheduledRotation_TwoInstancesAddOneKey_BothPublishItBeforeItSigns()
    {
        using var second = new ConfiguredCheckServer(first);
        await second.InitializeAsync();
        var original = Assert.Single(await Check77KeyRolloverTests.KidsAsync(first));
        Assert.Equal([original], await Check77KeyRolloverTests.KidsAsync(second));

        // Both instances' clocks pass the rotation interval (30 days) together.
        await Task.WhenAll(first.AdvanceClockAsync(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1)),
            second.AdvanceClockAsync(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1)));
        await Check77KeyRolloverTests.WaitUntilAsync(async () => (await Check77KeyRolloverTests.KidsAsync(first)).Count > 1
            && (await Check77KeyRolloverTests.KidsAsync(second)).Count > 1, "the scheduled key on both instances");

        // Two more rounds on each: still exactly one new key, the same on both, and the old key still signs.
        // The server's debug entry for each completed round (SigningKeyMaintenance.RoundDoneMessage).
        static int Rounds(CheckServer server) => Regex.Count(server.Output, Regex.Escape("Signing key maintenance round done."));
        var (firstRounds, secondRounds) = (Rounds(first), Rounds(second));
        await Check77KeyRolloverTests.WaitUntilAsync(() => Task.FromResult(Rounds(first) >= firstRounds + 2 && Rounds(second) >= secondRounds + 2),
            "two more key maintenance rounds on both instances");
        var kids = await Check77KeyRolloverTests.KidsAsync(first);
        Assert.Equal(2, kids.Count);
        Assert.Equal(kids.Order(), (await Check77KeyRolloverTests.KidsAsync(second)).Order());
        Assert.Equal(original, Check77KeyRolloverTests.KidOf((await Check77KeyRolloverTests.SignInAsync(second)).IdToken!));
        var list = await first.RunCliAsync("keys", "list");
        Assert.Single(list.Stdout.Split('\n'), l => l.Contains("pending", StringComparison.Ordinal));
    }
}
