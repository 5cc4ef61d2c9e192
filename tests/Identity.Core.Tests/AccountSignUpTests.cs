using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Core.SignInExperience;
using Identity.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Tests;

/// <summary>Username and password sign-up (<see cref="AccountService.SignUpAsync"/>) on the real database and user manager.</summary>
public sealed class AccountSignUpTests : IDisposable
{
    private const string GoodPassword = "violet-harbour-Quantum-7";

    private readonly CoreServices _core = new();

    [Fact]
    public async Task Sign_up_creates_the_account_starts_a_session_and_records_the_sign_up()
    {
        await using var request = _core.Request();

        var result = await request.Accounts.SignUpAsync("alice", GoodPassword);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var stored = await _core.ReadAsync(db => db.Users.AsNoTracking().SingleAsync());
        Assert.Equal("alice", stored.UserName);
        Assert.Equal(_core.Clock.GetUtcNow(), stored.CreatedAt);
        Assert.StartsWith("$argon2id$", stored.PasswordHash, StringComparison.Ordinal);
        SessionAssert.IsFor(Assert.Single(_core.Sessions.Started), stored, AccountService.PasswordMethod, _core.Clock.GetUtcNow());
        var entry = Assert.Single(_core.Audit.Entries);
        Assert.Equal((AuditEventTypes.SignUpSucceeded, AuditOutcome.Success, stored.Id, "alice"), (entry.Type, entry.Outcome, entry.UserId, entry.Username));
        AuditAssert.Has(entry, "method", AccountService.PasswordMethod);
    }

    [Fact]
    public async Task Sign_up_with_a_username_taken_in_another_case_is_refused()
    {
        await _core.CreateUserAsync("alice", GoodPassword);
        await using var request = _core.Request();

        var result = await request.Accounts.SignUpAsync("ALICE", GoodPassword);

        Assert.Equal([new FieldError(AccountService.UsernameField, AccountMessages.UsernameTaken)], result.Errors);
        Assert.Equal(1, await _core.ReadAsync(db => db.Users.CountAsync()));
        Assert.Empty(_core.Sessions.Started);
        Assert.Empty(_core.Audit.Entries);
    }

    [Fact]
    public async Task Sign_up_with_a_common_password_is_refused_and_creates_no_account()
    {
        await using var request = _core.Request();

        var result = await request.Accounts.SignUpAsync("alice", "Password1");

        Assert.Equal([new FieldError(AccountService.PasswordField, AccountMessages.PasswordTooCommon)], result.Errors);
        Assert.Equal(0, await _core.ReadAsync(db => db.Users.CountAsync()));
        Assert.Empty(_core.Sessions.Started);
    }

    [Fact]
    public async Task Sign_up_names_every_bad_field_at_once()
    {
        await using var request = _core.Request();

        var result = await request.Accounts.SignUpAsync("1alice", "short");

        Assert.Equal(
            [new FieldError(AccountService.UsernameField, AccountMessages.UsernameInvalid), new FieldError(AccountService.PasswordField, AccountMessages.PasswordTooShort)],
            result.Errors);
        Assert.Equal(0, await _core.ReadAsync(db => db.Users.CountAsync()));
    }

    public static TheoryData<string, SignInExperienceSettings> ClosedSignUps => new()
    {
        { "sign-in only", SignInExperienceSettings.Default with { SignInMode = SignInMode.SignIn } },
        { "no password at sign-up", SignInExperienceSettings.Default with { SignUpPassword = false } },
        { "social sign-up only (identifier none)", SignInExperienceSettings.Default with { SignUpIdentifiers = [] } },
    };

    [Theory]
    [MemberData(nameof(ClosedSignUps))]
    public async Task Sign_up_is_refused_when_the_sign_in_experience_offers_no_password_sign_up(string experience, SignInExperienceSettings settings)
    {
        await _core.UseExperienceAsync(settings);
        await using var request = _core.Request();

        var result = await request.Accounts.SignUpAsync("alice", GoodPassword);

        Assert.True(result.Errors.SequenceEqual([new FieldError(string.Empty, AccountMessages.RegistrationClosed)]), experience);
        Assert.Equal(0, await _core.ReadAsync(db => db.Users.CountAsync()));
        Assert.Empty(_core.Sessions.Started);
    }

    public void Dispose() => _core.Dispose();
}
