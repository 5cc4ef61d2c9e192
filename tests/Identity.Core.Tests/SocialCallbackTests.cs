using Connectors.Abstractions;
using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Identity.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Tests;

/// <summary>
/// The provider's callback (<see cref="SocialSignInService.CompleteCallbackAsync"/>): the state must belong to an unexpired
/// attempt of this browser, once, before anything goes upstream; what the provider's failures turn into.
/// </summary>
public sealed class SocialCallbackTests : SocialServiceTests
{
    [Fact]
    public async Task Social_callback_with_state_from_another_browser_is_refused()
    {
        await SetUpAsync();
        var victim = await _browser.StartAsync(ConnectorId);
        var attacker = await _browser.StartAsync(ConnectorId);

        var outcome = await _browser.CallbackAsync(ConnectorId, victim.State, attacker.BrowserNonce);

        Assert.IsType<SocialOutcome.InvalidAttempt>(outcome);
        Assert.Empty(_core.Provider.Callbacks);
        Assert.Equal(0, await _core.ReadAsync(db => db.Users.CountAsync()));
        // The refused callback did not use the attempt up: its own browser still finishes.
        Assert.IsType<SocialOutcome.SignedIn>(await _browser.CallbackAsync(ConnectorId, victim));
    }

    [Fact]
    public async Task Social_callback_after_the_attempt_expired_is_refused()
    {
        await SetUpAsync();
        var inTime = await _browser.StartAsync(ConnectorId);
        _core.Clock.Advance(SocialAttemptStore.AttemptLifetime - TimeSpan.FromSeconds(1));
        Assert.IsType<SocialOutcome.SignedIn>(await _browser.CallbackAsync(ConnectorId, inTime));

        var late = await _browser.StartAsync(ConnectorId);
        _core.Clock.Advance(SocialAttemptStore.AttemptLifetime);
        var outcome = await _browser.CallbackAsync(ConnectorId, late);

        Assert.IsType<SocialOutcome.InvalidAttempt>(outcome);
        Assert.Single(_core.Provider.Callbacks);
    }

    [Fact]
    public async Task Replayed_social_callback_is_refused()
    {
        await SetUpAsync();
        var attempt = await _browser.StartAsync(ConnectorId);
        Assert.IsType<SocialOutcome.SignedIn>(await _browser.CallbackAsync(ConnectorId, attempt));

        var replay = await _browser.CallbackAsync(ConnectorId, attempt);

        Assert.IsType<SocialOutcome.InvalidAttempt>(replay);
        Assert.Single(_core.Provider.Callbacks);
        Assert.Single(_core.Sessions.Started);
        Assert.Equal(0, await _core.ReadAsync(db => db.SocialAttempts.CountAsync()));
    }

    [Theory]
    [InlineData(ConnectorErrorCode.UpstreamUnavailable, SocialMessages.Upstream, false)]
    [InlineData(ConnectorErrorCode.InvalidResponse, SocialMessages.ProviderAnswerUnusable, false)]
    [InlineData(ConnectorErrorCode.AuthorizationFailed, SocialMessages.ProviderRefused, true)]
    [InlineData(ConnectorErrorCode.IssuerMismatch, SocialMessages.WrongIssuer, true)]
    public async Task Upstream_error_fails_the_sign_in_with_a_reference_and_is_audited(ConnectorErrorCode code, string message, bool callbackRefused)
    {
        await SetUpAsync();
        _core.Provider.Error = new ConnectorException(code, "token endpoint answered 502 (secret-free excerpt)");
        var attempt = await _browser.StartAsync(ConnectorId);

        var outcome = await _browser.CallbackAsync(ConnectorId, attempt);

        var failed = Assert.IsType<SocialOutcome.Failed>(outcome);
        Assert.Equal((message, callbackRefused, SocialJourney.ReturnUrl), (failed.Message, failed.CallbackRefused, failed.ReturnUrl));
        Assert.Matches("^[0-9a-f]{12}$", failed.Reference);
        Assert.Equal(0, await _core.ReadAsync(db => db.Users.CountAsync()));
        Assert.Empty(_core.Sessions.Started);
        var entry = Assert.Single(_core.Audit.Entries);
        Assert.Equal((AuditEventTypes.SignInFailed, AuditOutcome.Failure), (entry.Type, entry.Outcome));
        AuditAssert.Has(entry, "reason", "connectorError");
        AuditAssert.Has(entry, "error", code.ToString());
        AuditAssert.Has(entry, "connector", Target);
        // The attempt was used up by the failed callback.
        Assert.IsType<SocialOutcome.InvalidAttempt>(await _browser.CallbackAsync(ConnectorId, attempt));
    }

    [Fact]
    public async Task Cancelling_at_the_provider_goes_back_without_a_failure_in_the_log()
    {
        await SetUpAsync();
        _core.Provider.Error = new ConnectorException(ConnectorErrorCode.AuthorizationCancelled, "access_denied");

        var outcome = await _browser.SignInAsync(ConnectorId);

        Assert.Equal(new SocialOutcome.Cancelled($"Fake {Target}", SocialJourney.ReturnUrl), outcome);
        Assert.Empty(_core.Audit.Entries);
        Assert.Equal(0, await _core.ReadAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_connector_removed_while_the_user_was_at_the_provider_fails_without_going_upstream()
    {
        await SetUpAsync();
        var attempt = await _browser.StartAsync(ConnectorId);
        await using (var admin = _core.Request())
        {
            await admin.Data.Connectors.Where(c => c.Id == ConnectorId).ExecuteDeleteAsync();
        }

        var outcome = await _browser.CallbackAsync(ConnectorId, attempt);

        Assert.Equal(SocialMessages.ConnectorGone, Assert.IsType<SocialOutcome.Failed>(outcome).Message);
        Assert.Empty(_core.Provider.Callbacks);
    }

    private Task SetUpAsync() => SetUpAsync(SignInExperienceSettings.Default with { SignUpIdentifiers = [] });
}
