using System.Globalization;
using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Tests;

/// <summary>
/// Lockout after <see cref="CoreServices.MaxFailedSignIns"/> wrong passwords, kept in the database and timed by the
/// injected clock (<see cref="UserAccountManager"/>): the fake clock moves, nothing sleeps.
/// </summary>
public sealed class AccountLockoutTests : IDisposable
{
    private const string Password = "violet-harbour-Quantum-7";

    private readonly CoreServices _core = new();

    [Fact]
    public async Task Repeated_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        var alice = await _core.CreateUserAsync("alice", Password);
        var lockedAt = _core.Clock.GetUtcNow();

        await FailAsync(CoreServices.MaxFailedSignIns);

        var stored = await StoredAsync();
        Assert.Equal(lockedAt + CoreServices.FirstLockout, stored.LockoutEnd);
        Assert.Equal(1, stored.LockoutCount);
        var locked = Assert.Single(_core.Audit.OfType(AuditEventTypes.AccountLocked));
        Assert.Equal(alice.Id, locked.UserId);
        AuditAssert.Has(locked, "lockoutCount", "1");

        var result = await SignInAsync(Password);

        Assert.False(result.Succeeded);
        Assert.Equal([new FieldError(string.Empty, AccountMessages.InvalidCredentials)], result.Errors);
        Assert.Empty(_core.Sessions.Started);
        AuditAssert.Has(_core.Audit.Entries[^1], "reason", FailureReasons.LockedOut);
    }

    [Fact]
    public async Task Lockout_ends_when_the_clock_passes_its_end_not_before()
    {
        await _core.CreateUserAsync("alice", Password);
        await FailAsync(CoreServices.MaxFailedSignIns);

        _core.Clock.Advance(CoreServices.FirstLockout);
        Assert.False((await SignInAsync(Password)).Succeeded);

        _core.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await SignInAsync(Password)).Succeeded);

        // A successful sign-in starts over: the next lockout is a first one again.
        var stored = await StoredAsync();
        Assert.Equal((0, 0), (stored.AccessFailedCount, stored.LockoutCount));
        Assert.Single(_core.Sessions.Started);
    }

    [Fact]
    public async Task A_second_lockout_in_a_row_lasts_twice_as_long()
    {
        await _core.CreateUserAsync("alice", Password);
        await FailAsync(CoreServices.MaxFailedSignIns);
        _core.Clock.Advance(CoreServices.FirstLockout + TimeSpan.FromSeconds(1));
        var secondAt = _core.Clock.GetUtcNow();

        await FailAsync(CoreServices.MaxFailedSignIns);

        var stored = await StoredAsync();
        Assert.Equal(secondAt + 2 * CoreServices.FirstLockout, stored.LockoutEnd);
        Assert.Equal(2, stored.LockoutCount);
        var second = _core.Audit.OfType(AuditEventTypes.AccountLocked)[^1];
        AuditAssert.Has(second, "lockoutCount", "2");
        AuditAssert.Has(second, "lockedUntil", (secondAt + 2 * CoreServices.FirstLockout).ToString("O", CultureInfo.InvariantCulture));
    }

    private async Task FailAsync(int times)
    {
        for (var i = 0; i < times; i++)
        {
            Assert.False((await SignInAsync("not-the-password")).Succeeded);
        }
    }

    // Each attempt is its own request, as each form post is.
    private async Task<AccountResult> SignInAsync(string password)
    {
        await using var request = _core.Request();
        return await request.Accounts.SignInAsync("alice", password);
    }

    private Task<UserAccount> StoredAsync() => _core.ReadAsync(db => db.Users.AsNoTracking().SingleAsync());

    public void Dispose() => _core.Dispose();
}
