using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Identity.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Tests;

/// <summary>
/// Who a successful social callback signs in (<see cref="SocialSignInService"/>): the user already linked, a local user
/// linked by a verified email, or a new user, as far as the sign-in experience allows.
/// </summary>
public sealed class SocialAccountTests : SocialServiceTests
{
    [Fact]
    public async Task New_social_user_is_created_linked_and_signed_in_when_no_username_is_required()
    {
        await SetUpAsync(SignInExperienceSettings.Default with { SignUpIdentifiers = [] });
        _core.Provider.Profile = FakeProvider.ProfileOf("ext-1", "ada@example.com", emailVerified: true, "Ada", "https://pics.test/ada.png");

        var outcome = await _browser.SignInAsync(ConnectorId);

        Assert.Equal(new SocialOutcome.SignedIn(SocialJourney.ReturnUrl), outcome);
        var user = await _core.ReadAsync(db => db.Users.AsNoTracking().SingleAsync());
        Assert.Equal((null, "Ada", "https://pics.test/ada.png", "ada@example.com", true),
            (user.UserName, user.Name, user.Picture, user.Email, user.EmailConfirmed));
        Assert.Null(user.PasswordHash);
        var identity = await _core.ReadAsync(db => db.SocialIdentities.AsNoTracking().SingleAsync());
        Assert.Equal((user.Id, Target, "ext-1"), (identity.UserId, identity.Target, identity.ExternalId));
        SessionAssert.IsFor(Assert.Single(_core.Sessions.Started), user, AccountService.SocialMethod, _core.Clock.GetUtcNow());
        var entry = Assert.Single(_core.Audit.Entries);
        Assert.Equal((AuditEventTypes.SignUpSucceeded, user.Id), (entry.Type, entry.UserId));
        AuditAssert.Has(entry, "method", AccountService.SocialMethod);
        AuditAssert.Has(entry, "connector", Target);
    }

    [Fact]
    public async Task Existing_user_with_same_social_identity_is_signed_in_not_duplicated()
    {
        await SetUpAsync(SignInExperienceSettings.Default with { SignUpIdentifiers = [] });
        Assert.IsType<SocialOutcome.SignedIn>(await _browser.SignInAsync(ConnectorId));
        var first = await _core.ReadAsync(db => db.Users.AsNoTracking().SingleAsync());
        _core.Audit.Clear();

        _core.Clock.Advance(TimeSpan.FromDays(1));
        var outcome = await _browser.SignInAsync(ConnectorId);

        Assert.IsType<SocialOutcome.SignedIn>(outcome);
        Assert.Equal(1, await _core.ReadAsync(db => db.Users.CountAsync()));
        var identity = await _core.ReadAsync(db => db.SocialIdentities.AsNoTracking().SingleAsync());
        Assert.Equal(_core.Clock.GetUtcNow(), identity.UpdatedAt);
        SessionAssert.IsFor(_core.Sessions.Started[^1], first, AccountService.SocialMethod, _core.Clock.GetUtcNow());
        var entry = Assert.Single(_core.Audit.Entries);
        Assert.Equal((AuditEventTypes.SignInSucceeded, first.Id), (entry.Type, entry.UserId));
    }

    [Fact]
    public async Task Social_sign_up_is_refused_when_the_sign_in_experience_is_sign_in_only()
    {
        await SetUpAsync(SignInExperienceSettings.Default with { SignInMode = SignInMode.SignIn, SignUpIdentifiers = [] });

        var outcome = await _browser.SignInAsync(ConnectorId);

        Assert.Equal(new SocialOutcome.Refused($"Fake {Target}", SocialMessages.NotRegistered, SocialJourney.ReturnUrl), outcome);
        Assert.Equal(0, await _core.ReadAsync(db => db.Users.CountAsync()));
        Assert.Equal(0, await _core.ReadAsync(db => db.SocialIdentities.CountAsync()));
        Assert.Empty(_core.Sessions.Started);
        var entry = Assert.Single(_core.Audit.Entries);
        Assert.Equal(AuditEventTypes.SignInFailed, entry.Type);
        AuditAssert.Has(entry, "reason", "notRegistered");
    }

    [Fact]
    public async Task New_social_user_picks_a_username_before_the_account_is_created()
    {
        await SetUpAsync(SignInExperienceSettings.Default);
        await _core.CreateUserAsync("taken", password: null);
        _core.Provider.Profile = FakeProvider.ProfileOf("ext-1", "ada@example.com", emailVerified: true, "Ada");
        var attempt = await _browser.StartAsync(ConnectorId);

        var outcome = await _browser.CallbackAsync(ConnectorId, attempt);

        Assert.Equal(new SocialOutcome.NeedsUsername($"Fake {Target}", null), outcome);
        Assert.Equal(1, await _core.ReadAsync(db => db.Users.CountAsync()));
        Assert.Empty(_core.Sessions.Started);
        // The provider's answer waits encrypted: the table does not show whose it is.
        var pending = await _core.ReadAsync(db => db.SocialAttempts.AsNoTracking().SingleAsync());
        Assert.Equal(SocialAttemptStage.AwaitingUsername, pending.Stage);
        Assert.DoesNotContain("ada@example.com", pending.ProtectedProfile, StringComparison.Ordinal);

        var (refused, errors) = await _browser.PickUsernameAsync(attempt.BrowserNonce, "TAKEN");
        Assert.Null(refused);
        Assert.Equal([new FieldError(AccountService.UsernameField, AccountMessages.UsernameTaken)], errors);
        Assert.Equal(0, await _core.ReadAsync(db => db.SocialIdentities.CountAsync()));

        var (signedIn, _) = await _browser.PickUsernameAsync(attempt.BrowserNonce, "ada");

        Assert.Equal(new SocialOutcome.SignedIn(SocialJourney.ReturnUrl), signedIn);
        var ada = await _core.ReadAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.UserName == "ada"));
        Assert.Equal(ada.Id, (await _core.ReadAsync(db => db.SocialIdentities.AsNoTracking().SingleAsync())).UserId);
        Assert.Equal(0, await _core.ReadAsync(db => db.SocialAttempts.CountAsync()));
        Assert.Equal(AuditEventTypes.SignUpSucceeded, Assert.Single(_core.Audit.Entries).Type);
    }

    [Fact]
    public async Task A_pending_social_sign_up_can_only_be_finished_by_the_browser_that_started_it()
    {
        await SetUpAsync(SignInExperienceSettings.Default);
        var attempt = await _browser.StartAsync(ConnectorId);
        Assert.IsType<SocialOutcome.NeedsUsername>(await _browser.CallbackAsync(ConnectorId, attempt));
        var otherBrowser = await _browser.StartAsync(ConnectorId);

        var (outcome, _) = await _browser.PickUsernameAsync(otherBrowser.BrowserNonce, "mallory");

        Assert.IsType<SocialOutcome.InvalidAttempt>(outcome);
        Assert.Equal(0, await _core.ReadAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_locked_account_stays_locked_through_its_social_identity()
    {
        await SetUpAsync(SignInExperienceSettings.Default with { SignUpIdentifiers = [] });
        Assert.IsType<SocialOutcome.SignedIn>(await _browser.SignInAsync(ConnectorId));
        await using (var admin = _core.Request())
        {
            var user = await admin.Data.Users.SingleAsync();
            user.LockoutEnd = _core.Clock.GetUtcNow().AddHours(1);
            await admin.Data.SaveChangesAsync();
        }
        _core.Audit.Clear();

        var outcome = await _browser.SignInAsync(ConnectorId);

        Assert.Equal(SocialMessages.Locked, Assert.IsType<SocialOutcome.Refused>(outcome).Message);
        Assert.Single(_core.Sessions.Started);
        var entry = Assert.Single(_core.Audit.Entries);
        AuditAssert.Has(entry, "reason", FailureReasons.LockedOut);
    }

    [Fact]
    public async Task A_verified_email_links_the_social_identity_to_the_local_user_who_verified_it()
    {
        await SetUpAsync(SignInExperienceSettings.Default with { AutomaticAccountLinking = true });
        var alice = await _core.CreateUserAsync("alice", password: null, "alice@example.com", emailConfirmed: true);
        _core.Provider.Profile = FakeProvider.ProfileOf("ext-7", "ALICE@example.com", emailVerified: true);

        var outcome = await _browser.SignInAsync(ConnectorId);

        Assert.IsType<SocialOutcome.SignedIn>(outcome);
        Assert.Equal(1, await _core.ReadAsync(db => db.Users.CountAsync()));
        Assert.Equal(alice.Id, (await _core.ReadAsync(db => db.SocialIdentities.AsNoTracking().SingleAsync())).UserId);
        Assert.Equal(AuditEventTypes.SignInSucceeded, Assert.Single(_core.Audit.Entries).Type);
    }

    [Fact]
    public async Task An_email_the_provider_did_not_verify_never_reaches_the_account_that_owns_it()
    {
        await SetUpAsync(SignInExperienceSettings.Default with { AutomaticAccountLinking = true, SignUpIdentifiers = [] });
        var alice = await _core.CreateUserAsync("alice", password: null, "alice@example.com", emailConfirmed: true);
        _core.Provider.Profile = FakeProvider.ProfileOf("ext-7", "alice@example.com", emailVerified: false);

        var outcome = await _browser.SignInAsync(ConnectorId);

        Assert.IsType<SocialOutcome.SignedIn>(outcome);
        var newcomer = await _core.ReadAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id != alice.Id));
        Assert.Null(newcomer.Email);
        Assert.Equal(newcomer.Id, (await _core.ReadAsync(db => db.SocialIdentities.AsNoTracking().SingleAsync())).UserId);
    }
}
