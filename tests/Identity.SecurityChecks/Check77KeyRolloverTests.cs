using System.Diagnostics;
using System.Text.RegularExpressions;
using Identity.SecurityChecks.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Identity.SecurityChecks;

/// <summary>
/// Check 77 (key rollover): a new signing key is published before it signs, and the old one stays published until
/// the tokens it signed have expired; for each algorithm in use (RS256 for ID tokens, ES256 for the others). The rotation is done with the product's CLI on the running server's database;
/// the server picks it up without a restart. The defaults: activation 1 day after rotation; the replaced key leaves the
/// JWKS after the longest ID/access token lifetime (1 h) plus a 1 h margin.
/// </summary>
public sealed partial class Check77KeyRolloverTests(KeyRolloverCheckServer server) : IClassFixture<KeyRolloverCheckServer>
{
    private static readonly TimeSpan ActivationDelay = TimeSpan.FromDays(1);
    private static readonly TimeSpan PublishedAfterReplacement = TimeSpan.FromHours(2);

    [Fact]
    public async Task Check77_KeysRotate_PublishesTheNewKeysFirst_SignsWithThemAfterActivation_DropsTheOldOnesAfterTheirTokensExpire()
    {
        // Two keys from the start: RS256 for ID tokens, ES256 for access tokens (and codes, refresh tokens).
        var before = await SignInAsync(server);
        var (oldId, oldAccess) = (KidOf(before.IdToken!), KidOf(before.AccessToken!));
        Assert.NotEqual(oldId, oldAccess);
        Assert.Equal(Sorted(oldId, oldAccess), Sorted([.. await KidsAsync(server)]));

        // keys rotate (CLI, next to the running server): a new key per algorithm, in the JWKS within the reload interval...
        var rotate = await server.RunCliAsync("keys", "rotate");
        Assert.True(rotate.ExitCode == 0, $"keys rotate: exit {rotate.ExitCode}\n{rotate.Stdout}\n{rotate.Stderr}");
        var added = AddedKey().Matches(rotate.Stdout).ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        var (newId, newAccess) = (added.GetValueOrDefault("RS256"), added.GetValueOrDefault("ES256"));
        Assert.True(newId is not null && newAccess is not null, "No RS256 and ES256 key ids in: " + rotate.Stdout);
        await WaitUntilAsync(async () => (await KidsAsync(server)).Count == 4, "the rotated keys to be published");
        Assert.Equal(Sorted(oldId, oldAccess, newId, newAccess), Sorted([.. await KidsAsync(server)]));

        // ...but they do not sign yet: every token is still signed with the old keys.
        var pending = await SignInAsync(server);
        Assert.Equal(oldId, KidOf(pending.IdToken!));
        Assert.Equal(oldAccess, KidOf(pending.AccessToken!));
        var list = await server.RunCliAsync("keys", "list");
        Assert.Matches($@"{Regex.Escape(newId)}\s+pending", list.Stdout);
        Assert.Matches($@"{Regex.Escape(newAccess)}\s+pending", list.Stdout);
        Assert.Matches($@"{Regex.Escape(oldId)}\s+active", list.Stdout);

        // After the activation delay the new keys sign; the old ones are still published for the tokens they signed.
        await server.AdvanceClockAsync(ActivationDelay + TimeSpan.FromMinutes(1));
        var active = await SignInAsync(server);
        Assert.Equal(newId, KidOf(active.IdToken!));
        Assert.Equal(newAccess, KidOf(active.AccessToken!));
        await AssertSignatureVerifiesWithJwksAsync(active.IdToken!);
        await AssertSignatureVerifiesWithJwksAsync(active.AccessToken!);
        Assert.Equal(4, (await KidsAsync(server)).Count);

        // A refresh token the old key signed still works, and its new tokens are signed with the new keys.
        using var http = server.NewBackChannel();
        var refreshed = await Oidc.RefreshAsync(http, pending.RefreshToken!);
        Assert.True(refreshed.IsSuccess, refreshed.Raw);
        Assert.Equal(newId, KidOf(refreshed.IdToken!));
        Assert.Equal(newAccess, KidOf(refreshed.AccessToken!));

        // Once every ID/access token the old keys signed has expired (plus the margin), they leave the JWKS.
        await server.AdvanceClockAsync(PublishedAfterReplacement + TimeSpan.FromMinutes(1));
        Assert.Equal(Sorted(newId, newAccess), Sorted([.. await KidsAsync(server)]));

        // The server's own tokens they signed (codes, refresh tokens) stay verifiable until they expire.
        var stillValid = await Oidc.RefreshAsync(http, before.RefreshToken!);
        Assert.True(stillValid.IsSuccess, stillValid.Raw);
        Assert.Equal(newId, KidOf(stillValid.IdToken!));
    }

    private static List<string> Sorted(params string[] kids) => [.. kids.Order(StringComparer.Ordinal)];

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

    [GeneratedRegex(@"Added signing key '([^']+)' \((\w+)\)")]
    private static partial Regex AddedKey();
}

/// <summary>
/// Check 77, scheduled: with <c>Keys:RotationInterval</c> set, a key is added when the newest one of its algorithm is
/// that old; two instances on one database, both due at once, add one key per algorithm between them and both publish them.
/// </summary>
public sealed class Check77ScheduledRotationTests(ScheduledRotationCheckServer first) : IClassFixture<ScheduledRotationCheckServer>
{
    [Fact]
    public async Task Check77_ScheduledRotation_TwoInstancesAddOneKey_BothPublishItBeforeItSigns()
    {
        using var second = new ConfiguredCheckServer(first);
        await second.InitializeAsync();
        var original = await Check77KeyRolloverTests.KidsAsync(first);
        Assert.Equal(2, original.Count);
        Assert.Equal(original.Order(), (await Check77KeyRolloverTests.KidsAsync(second)).Order());
        var originalIdKey = Check77KeyRolloverTests.KidOf((await Check77KeyRolloverTests.SignInAsync(first)).IdToken!);

        // Both instances' clocks pass the rotation interval (30 days) together.
        await Task.WhenAll(first.AdvanceClockAsync(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1)),
            second.AdvanceClockAsync(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1)));
        await Check77KeyRolloverTests.WaitUntilAsync(async () => (await Check77KeyRolloverTests.KidsAsync(first)).Count > 3
            && (await Check77KeyRolloverTests.KidsAsync(second)).Count > 3, "the scheduled keys on both instances");

        // Two more rounds on each: still exactly one new key per algorithm, the same on both, and the old keys still sign.
        // The server's debug entry for each completed round (SigningKeyMaintenance.RoundDoneMessage).
        static int Rounds(CheckServer server) => Regex.Count(server.Output, Regex.Escape("Signing key maintenance round done."));
        var (firstRounds, secondRounds) = (Rounds(first), Rounds(second));
        await Check77KeyRolloverTests.WaitUntilAsync(() => Task.FromResult(Rounds(first) >= firstRounds + 2 && Rounds(second) >= secondRounds + 2),
            "two more key maintenance rounds on both instances");
        var kids = await Check77KeyRolloverTests.KidsAsync(first);
        Assert.Equal(4, kids.Count);
        Assert.Equal(kids.Order(), (await Check77KeyRolloverTests.KidsAsync(second)).Order());
        Assert.Equal(originalIdKey, Check77KeyRolloverTests.KidOf((await Check77KeyRolloverTests.SignInAsync(second)).IdToken!));
        var list = await first.RunCliAsync("keys", "list");
        var pending = list.Stdout.Split('\n').Where(l => l.Contains("pending", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, pending.Count);
        Assert.Single(pending, l => l.Contains("RS256", StringComparison.Ordinal));
        Assert.Single(pending, l => l.Contains("ES256", StringComparison.Ordinal));
    }
}
