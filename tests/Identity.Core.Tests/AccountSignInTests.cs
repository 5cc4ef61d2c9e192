using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Tests;

/// <summary>Username and password sign-in (<see cref="AccountService.SignInAsync"/>): what the user is told, what is counted, what is logged.</summary>
public sealed class AccountSignInTests : IDisposable
{
    private const string Password = "violet-harbour-Quantum-7";

    private static readonly FieldError[] InvalidCredentials = [new(string.Empty, AccountMessages.InvalidCredentials)];

    private readonly CoreServices _core = new();

    [Fact]
    public async Task Sign_in_with_the_right_password_starts_a_session_and_records_the_sign_in()
    {
        var alice = await _core.CreateUserAsync("alice", Password);
        await using var request = _core.Request();

        var result = await request.Accounts.SignInAsync("Alice", Password);

        Assert.Equal(alice.Id, result.User?.Id);
        SessionAssert.IsFor(Assert.Single(_core.Sessions.Started), alice, AccountService.PasswordMethod, _core.Clock.GetUtcNow());
        var entry = Assert.Single(_core.Audit.Entries);
        Assert.Equal((AuditEventTypes.SignInSucceeded, AuditOutcome.Success, alice.Id), (entry.Type, entry.Outcome, entry.UserId));
        AuditAssert.Has(entry, "method", AccountService.PasswordMethod);
    }

    [Fact]
    public async Task Sign_in_with_wrong_password_counts_toward_lockout()
    {
        var alice = await _core.CreateUserAsync("alice", Password);
        await using var request = _core.Request();

        var result = await request.Accounts.SignInAsync("alice", "not-the-password");

        Assert.Equal(InvalidCredentials, result.Errors);
        var stored = await _core.ReadAsync(db => db.Users.AsNoTracking().SingleAsync());
        Assert.Equal(1, stored.AccessFailedCount);
        Assert.Null(stored.LockoutEnd);
        Assert.Empty(_core.Sessions.Started);
        var entry = Assert.Single(_core.Audit.Entries);
        Assert.Equal((AuditEventTypes.SignInFailed, AuditOutcome.Failure, alice.Id), (entry.Type, entry.Outcome, entry.UserId));
        AuditAssert.Has(entry, "reason", FailureReasons.WrongPassword);
    }

    [Fact]
    public async Task Sign_in_of_an_unknown_user_reads_like_a_wrong_password_and_is_audited()
    {
        await using var request = _core.Request();

        var result = await request.Accounts.SignInAsync("nobody", Password);

        Assert.Equal(InvalidCredentials, result.Errors);
        Assert.Empty(_core.Sessions.Started);
        var entry = Assert.Single(_core.Audit.Entries);
        Assert.Equal((AuditEventTypes.SignInFailed, null, "nobody"), (entry.Type, entry.UserId, entry.Username));
        AuditAssert.Has(entry, "reason", FailureReasons.UnknownUser);
    }

    [Fact]
    public async Task Password_sign_in_to_an_account_without_a_password_is_refused()
    {
        // A user who signed up through a social connector has no password: no password can open the account.
        var social = await _core.CreateUserAsync("sam", password: null);
        await using var request = _core.Request();

        var result = await request.Accounts.SignInAsync("sam", Password);

        Assert.Equal(InvalidCredentials, result.Errors);
        Assert.Empty(_core.Sessions.Started);
        var entry = Assert.Single(_core.Audit.Entries);
        Assert.Equal(social.Id, entry.UserId);
        AuditAssert.Has(entry, "reason", FailureReasons.NoPassword);
    }

    [Fact]
    public async Task Sign_in_with_empty_fields_names_each_missing_field_and_logs_nothing()
    {
        await using var request = _core.Request();

        var result = await request.Accounts.SignInAsync("", null);

        Assert.Equal(
            [new FieldError(AccountService.UsernameField, AccountMessages.UsernameRequired), new FieldError(AccountService.PasswordField, AccountMessages.PasswordRequired)],
            result.Errors);
        Assert.Empty(_core.Audit.Entries);
    }

    [Fact]
    public async Task A_sign_in_whose_session_could_not_be_started_is_not_in_the_audit_log()
    {
        await _core.CreateUserAsync("alice", Password);
        _core.Sessions.FailNextSignIn = true;
        await using var request = _core.Request();

        await Assert.ThrowsAsync<InvalidOperationException>(() => request.Accounts.SignInAsync("alice", Password));

        Assert.Empty(_core.Audit.OfType(AuditEventTypes.SignInSucceeded));
    }

    public void Dispose() => _core.Dispose();
}
