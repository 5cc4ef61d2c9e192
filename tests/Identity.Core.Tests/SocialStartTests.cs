using System.Security.Cryptography;
using System.Text;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Identity.Core.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Tests;

/// <summary>Starting a social sign-in (<see cref="SocialSignInService.StartAsync"/>) and what <see cref="SocialAttemptStore"/> keeps of it.</summary>
public sealed class SocialStartTests : IDisposable
{
    private readonly CoreServices _core = new();
    private readonly SocialJourney _browser;

    public SocialStartTests() => _browser = new SocialJourney(_core);

    [Fact]
    public async Task A_started_attempt_is_stored_as_hashes_and_ciphertext_so_a_copy_of_the_table_finishes_nothing()
    {
        await OfferAsync("fake");
        await _core.AddConnectorAsync("fake-one", "fake");

        var attempt = await _browser.StartAsync("fake-one");

        var sent = Assert.Single(_core.Provider.AuthorizationRequests);
        Assert.Equal(new Uri(SocialJourney.ServerBase, "callback/fake-one"), sent.RedirectUri);
        var stored = await _core.ReadAsync(db => db.SocialAttempts.AsNoTracking().SingleAsync());
        Assert.Equal(Sha256(attempt.State), stored.Id);
        Assert.Equal(Sha256(attempt.BrowserNonce), stored.BrowserBinding);
        Assert.Equal(SocialJourney.ReturnUrl, stored.ReturnUrl);
        Assert.Equal(_core.Clock.GetUtcNow() + SocialAttemptStore.AttemptLifetime, stored.ExpiresAt);

        // The verifier only shows at the callback: it must match the challenge sent upstream, and not be stored in clear.
        await _browser.CallbackAsync("fake-one", attempt);
        var verifier = Assert.Single(_core.Provider.Callbacks).CodeVerifier;
        Assert.NotNull(verifier);
        Assert.Equal(sent.CodeChallenge, WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
        Assert.NotNull(stored.ProtectedCodeVerifier);
        Assert.DoesNotContain(verifier, stored.ProtectedCodeVerifier, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no-such-connector")]
    [InlineData("not-offered")]
    public async Task Starting_with_a_connector_that_is_unknown_or_not_offered_starts_nothing(string connectorId)
    {
        await OfferAsync("fake");
        await _core.AddConnectorAsync("fake-one", "fake");
        await _core.AddConnectorAsync("not-offered", "hidden");
        await using var request = _core.Request();

        var start = await request.Social.StartAsync(connectorId, SocialJourney.ReturnUrl, SocialJourney.ServerBase, CancellationToken.None);

        Assert.Null(start);
        Assert.Empty(_core.Provider.AuthorizationRequests);
        Assert.Equal(0, await _core.ReadAsync(db => db.SocialAttempts.CountAsync()));
    }

    private Task OfferAsync(string target) =>
        _core.UseExperienceAsync(SignInExperienceSettings.Default with { SocialSignInConnectorTargets = [target], SignUpIdentifiers = [] });

    private static string Sha256(string value) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public void Dispose() => _core.Dispose();
}
