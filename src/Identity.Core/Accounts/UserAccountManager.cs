using System.Globalization;
using Identity.Core.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Identity.Core.Accounts;

/// <summary>
/// ASP.NET Core Identity's user manager with lockout read from the injected clock instead of the system clock (so
/// lockout windows can be tested without waiting) and lockouts that grow on repeat (see <see cref="LockoutPolicy"/>).
/// Lockout state stays in the database, so every instance counts the same failures.
/// </summary>
public sealed class UserAccountManager(
    IUserStore<UserAccount> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<UserAccount> passwordHasher,
    IEnumerable<IUserValidator<UserAccount>> userValidators,
    IEnumerable<IPasswordValidator<UserAccount>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<UserAccount>> logger,
    TimeProvider clock,
    IOptions<LockoutPolicy> lockoutPolicy,
    IAuditLog audit)
    : UserManager<UserAccount>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    private IUserLockoutStore<UserAccount> LockoutStore =>
        Store as IUserLockoutStore<UserAccount> ?? throw new NotSupportedException("The user store does not support lockout.");

    public override async Task<bool> IsLockedOutAsync(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!await LockoutStore.GetLockoutEnabledAsync(user, CancellationToken))
        {
            return false;
        }

        var lockoutEnd = await LockoutStore.GetLockoutEndDateAsync(user, CancellationToken);
        return lockoutEnd is { } end && end >= clock.GetUtcNow();
    }

    public override async Task<IdentityResult> AccessFailedAsync(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var failures = await LockoutStore.IncrementAccessFailedCountAsync(user, CancellationToken);
        if (failures < Options.Lockout.MaxFailedAccessAttempts)
        {
            return await UpdateUserAsync(user);
        }

        user.LockoutCount++;
        var until = clock.GetUtcNow().Add(lockoutPolicy.Value.DurationOf(user.LockoutCount));
        await LockoutStore.SetLockoutEndDateAsync(user, until, CancellationToken);
        await LockoutStore.ResetAccessFailedCountAsync(user, CancellationToken);
        var updated = await UpdateUserAsync(user);
        if (updated.Succeeded)
        {
            await audit.RecordAsync(new AuditEvent(AuditEventTypes.AccountLocked, AuditOutcome.Success)
            {
                UserId = user.Id,
                Username = user.UserName,
                Details = new Dictionary<string, string?>
                {
                    ["lockoutCount"] = user.LockoutCount.ToString(CultureInfo.InvariantCulture),
                    ["lockedUntil"] = until.ToString("O", CultureInfo.InvariantCulture),
                },
            }, CancellationToken);
        }
        return updated;
    }

    /// <summary>
    /// Called after a successful sign-in (and by an admin's unlock): forgets the failures and the lockouts in a row,
    /// so the next lockout is a first one again.
    /// </summary>
    public override async Task<IdentityResult> ResetAccessFailedCountAsync(UserAccount user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await LockoutStore.GetAccessFailedCountAsync(user, CancellationToken) == 0 && user.LockoutCount == 0)
        {
            return IdentityResult.Success;
        }

        await LockoutStore.ResetAccessFailedCountAsync(user, CancellationToken);
        user.LockoutCount = 0;
        return await UpdateUserAsync(user);
    }
}
