using System.Text.Json;
using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Admin.Definitions;
using Identity.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin;

/// <summary>A user as admins see it. Password hashes never leave the server.</summary>
public sealed record UserView(
    string Id, string? Username, string? Name, string? Picture, string? Email, bool EmailVerified, bool HasPassword,
    bool IsLocked, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A social identity of a user, Logto's shape: the provider's user id and what it sent.</summary>
public sealed record IdentityView(string Target, string UserId, JsonElement Details, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// A sign-in session of the hosted pages. Only when it ends: the row's key is what the session cookie carries (a
/// secret), and the row keeps no creation time.
/// </summary>
public sealed record SessionView(DateTimeOffset ExpiresAt);

/// <summary>One page of users.</summary>
public sealed record UserPage(IReadOnlyList<UserView> Items, int Total, int Page, int PageSize);

/// <summary>A partial update: null fields are left as they are.</summary>
public sealed record UserPatch(string? Username, string? Name, string? Picture, string? Email, bool? EmailVerified);

/// <summary>Users, for the three admin doors; the username and password rules are the same as on the hosted pages.</summary>
public sealed class UserAdmin(UserManager<UserAccount> users, IdentityDataContext db, UserGrantRevoker revoker, TimeProvider clock, IAuditLog audit)
{
    public const int MaxPageSize = 100;

    public async Task<UserPage> ListAsync(int page, int pageSize, string? search, CancellationToken cancellationToken)
    {
        if (page < 1) throw AdminValidationException.For("page", "must be 1 or more.");
        if (pageSize is < 1 or > MaxPageSize) throw AdminValidationException.For("pageSize", $"must be between 1 and {MaxPageSize}.");

        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var normalized = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.NormalizedUserName != null && u.NormalizedUserName.Contains(normalized));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(u => u.NormalizedUserName).ThenBy(u => u.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new UserPage([.. items.Select(ToView)], total, page, pageSize);
    }

    public async Task<UserView> GetAsync(string id, CancellationToken cancellationToken) => ToView(await FindAsync(id));

    public async Task<UserView> CreateAsync(UserDefinition input, CancellationToken cancellationToken)
    {
        var problems = new List<DefinitionError>();
        if (string.IsNullOrEmpty(input.Username)) problems.Add(new("username", AccountMessages.UsernameRequired));
        if (input.Password is not null && PasswordPolicy.Check(input.Password) is { } passwordProblem) problems.Add(new("password", passwordProblem));
        AdminValidationException.ThrowIfAny(problems);

        var now = clock.GetUtcNow();
        var user = new UserAccount
        {
            UserName = input.Username, Name = input.Name, Email = input.Email, EmailConfirmed = input.EmailVerified ?? false,
            CreatedAt = now, UpdatedAt = now,
        };
        ThrowIfFailed(input.Password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, input.Password));
        await RecordAsync(AuditEventTypes.UserCreated, user, cancellationToken);
        return ToView(user);
    }

    public async Task<UserView> UpdateAsync(string id, UserPatch patch, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id);
        if (patch.Username is not null) ThrowIfFailed(await users.SetUserNameAsync(user, patch.Username));
        if (patch.Email is not null) user.Email = patch.Email.Length == 0 ? null : patch.Email;
        user.Name = patch.Name ?? user.Name;
        user.Picture = patch.Picture ?? user.Picture;
        user.EmailConfirmed = patch.EmailVerified ?? user.EmailConfirmed;
        user.UpdatedAt = clock.GetUtcNow();
        ThrowIfFailed(await users.UpdateAsync(user));
        await RecordAsync(AuditEventTypes.UserUpdated, user, cancellationToken);
        return ToView(user);
    }

    /// <summary>Deletes the user with their social identities; their grants end (the refresh grant finds no user).</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id);
        ThrowIfFailed(await users.DeleteAsync(user));
        await RecordAsync(AuditEventTypes.UserDeleted, user, cancellationToken);
    }

    /// <summary>Sets a new password (checked against the policy); every grant, token and session of the user ends.</summary>
    public async Task SetPasswordAsync(string id, string? password, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id);
        if (PasswordPolicy.Check(password) is { } problem)
        {
            throw AdminValidationException.For("password", problem);
        }

        // One update (hash and security stamp together): a failure cannot leave the user without a password.
        user.UpdatedAt = clock.GetUtcNow();
        ThrowIfFailed(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password!));
        await revoker.RevokeAllAsync(user, securityStampRotated: true, cancellationToken);
        await RecordAsync(AuditEventTypes.UserPasswordChanged, user, cancellationToken);
    }

    /// <summary>Revokes every grant and token of the user in every app and ends their sign-in sessions; the account stays.</summary>
    public async Task RevokeGrantsAsync(string id, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id);
        await revoker.RevokeAllAsync(user, securityStampRotated: false, cancellationToken);
        await RecordAsync(AuditEventTypes.UserGrantsRevoked, user, cancellationToken);
    }

    /// <summary>Locks the user out until <paramref name="until"/> (for good when null); <see cref="UnlockAsync"/> undoes it.</summary>
    public async Task<UserView> LockAsync(string id, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        if (until is { } end && end <= clock.GetUtcNow())
        {
            throw AdminValidationException.For("until", "must be in the future.");
        }

        var user = await FindAsync(id);
        user.UpdatedAt = clock.GetUtcNow();
        ThrowIfFailed(await users.SetLockoutEnabledAsync(user, true));
        ThrowIfFailed(await users.SetLockoutEndDateAsync(user, until ?? DateTimeOffset.MaxValue));
        await revoker.RevokeAllAsync(user, securityStampRotated: false, cancellationToken);
        await RecordAsync(AuditEventTypes.UserLocked, user, cancellationToken);
        return ToView(user);
    }

    public async Task<UserView> UnlockAsync(string id, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id);
        user.UpdatedAt = clock.GetUtcNow();
        ThrowIfFailed(await users.SetLockoutEndDateAsync(user, null));
        ThrowIfFailed(await users.ResetAccessFailedCountAsync(user));
        await RecordAsync(AuditEventTypes.UserUnlocked, user, cancellationToken);
        return ToView(user);
    }

    /// <summary>The user's sign-in sessions on the hosted pages that have not expired, ending soonest first.</summary>
    public async Task<IReadOnlyList<SessionView>> ListSessionsAsync(string id, CancellationToken cancellationToken)
    {
        await FindAsync(id);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var ends = await db.Sessions.AsNoTracking().Where(s => s.UserId == id && s.ExpiresAt > now)
            .OrderBy(s => s.ExpiresAt).Select(s => s.ExpiresAt).ToListAsync(cancellationToken);
        return [.. ends.Select(end => new SessionView(DateTimeOffset.FromUnixTimeMilliseconds(end)))];
    }

    /// <summary>
    /// Ends the user's sign-in sessions on the hosted pages: their next authorization request asks for credentials. Their
    /// apps' tokens stay valid (<see cref="RevokeGrantsAsync"/> ends those too).
    /// </summary>
    public async Task<int> EndSessionsAsync(string id, CancellationToken cancellationToken)
    {
        var user = await FindAsync(id);
        var ended = await db.Sessions.Where(s => s.UserId == id).ExecuteDeleteAsync(cancellationToken);
        await audit.RecordChangeAsync(AuditEventTypes.UserSessionsEnded, cancellationToken, userId: user.Id, username: user.UserName,
            details: new Dictionary<string, string?> { ["sessions"] = ended.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return ended;
    }

    public async Task<IReadOnlyList<IdentityView>> ListIdentitiesAsync(string id, CancellationToken cancellationToken)
    {
        await FindAsync(id);
        var identities = await db.SocialIdentities.AsNoTracking().Where(i => i.UserId == id).ToListAsync(cancellationToken);
        return [.. identities.OrderBy(i => i.Target, StringComparer.Ordinal)
            .Select(i => new IdentityView(i.Target, i.ExternalId, JsonDocument.Parse(i.Details).RootElement.Clone(), i.CreatedAt, i.UpdatedAt))];
    }

    public async Task DeleteIdentityAsync(string id, string target, CancellationToken cancellationToken)
    {
        await FindAsync(id);
        var identity = await db.SocialIdentities.FirstOrDefaultAsync(i => i.UserId == id && i.Target == target, cancellationToken)
            ?? throw new NotFoundException("Identity", target);
        db.SocialIdentities.Remove(identity);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordChangeAsync(AuditEventTypes.UserIdentityDeleted, cancellationToken, userId: id,
            details: new Dictionary<string, string?> { ["target"] = target });
    }

    /// <summary>Creates the user, or updates profile and password when they differ: the seed file's verb (for demo users).</summary>
    public async Task<UpsertResult> UpsertAsync(UserDefinition seed, CancellationToken cancellationToken)
    {
        var user = await users.FindByNameAsync(seed.Username ?? string.Empty);
        if (user is null)
        {
            await CreateAsync(seed, cancellationToken);
            return UpsertResult.Created;
        }

        var passwordMatches = seed.Password is null ||
            (user.PasswordHash is not null && users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash, seed.Password) != PasswordVerificationResult.Failed);
        if (passwordMatches && user.Name == seed.Name && user.Email == seed.Email && user.EmailConfirmed == (seed.EmailVerified ?? false))
        {
            return UpsertResult.Unchanged;
        }

        await UpdateAsync(user.Id, new UserPatch(null, seed.Name, null, seed.Email ?? string.Empty, seed.EmailVerified ?? false), cancellationToken);
        if (!passwordMatches)
        {
            await SetPasswordAsync(user.Id, seed.Password, cancellationToken);
        }
        return UpsertResult.Updated;
    }

    public async Task<int> PruneAsync(IReadOnlySet<string> keepUsernames, CancellationToken cancellationToken)
    {
        var keep = keepUsernames.Select(n => n.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        var doomed = (await db.Users.ToListAsync(cancellationToken)).Where(u => u.NormalizedUserName is null || !keep.Contains(u.NormalizedUserName)).ToList();
        foreach (var user in doomed)
        {
            ThrowIfFailed(await users.DeleteAsync(user));
            await RecordAsync(AuditEventTypes.UserDeleted, user, cancellationToken);
        }
        return doomed.Count;
    }

    private Task RecordAsync(string type, UserAccount user, CancellationToken cancellationToken) =>
        audit.RecordChangeAsync(type, cancellationToken, userId: user.Id, username: user.UserName);

    private async Task<UserAccount> FindAsync(string id) => await users.FindByIdAsync(id) ?? throw new NotFoundException("User", id);

    private UserView ToView(UserAccount user) => new(
        user.Id, user.UserName, user.Name, user.Picture, user.Email, user.EmailConfirmed, user.PasswordHash is not null,
        user.LockoutEnd is { } end && end > clock.GetUtcNow(), user.LockoutEnd is { } until && until > clock.GetUtcNow() ? until : null,
        user.CreatedAt, user.UpdatedAt);

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }

        var errors = result.Errors.Select(AccountErrors.ToFieldError).ToList();
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            throw new ConflictException("username", AccountMessages.UsernameTaken);
        }
        throw new AdminValidationException([.. errors.Select(e => new DefinitionError(e.Field.Length == 0 ? "user" : e.Field.ToLowerInvariant(), e.Message))]);
    }
}
