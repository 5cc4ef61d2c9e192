using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Identity.Core.Audit;
using Identity.Core.SignInExperience;
using Identity.Core.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Accounts;

/// <summary>A problem with one form field, shown next to that field.</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>The outcome of a sign-up or sign-in attempt: success, or what to show the user.</summary>
public sealed record AccountResult(UserAccount? User, IReadOnlyList<FieldError> Errors)
{
    public bool Succeeded => User is not null;

    public static AccountResult Success(UserAccount user) => new(user, []);

    public static AccountResult Failure(params FieldError[] errors) => new(null, errors);
}

/// <summary>
/// Username and password sign-up and sign-in. The single place that decides whether credentials are good and
/// that starts a session, so the hosted pages and any later door share one set of rules.
/// </summary>
public sealed class AccountService(
    UserManager<UserAccount> users,
    SignInManager<UserAccount> signIn,
    ISignInExperienceProvider experience,
    TimeProvider clock,
    IAuditLog audit)
{
    public const string UsernameField = "Username";
    public const string PasswordField = "Password";

    /// <summary>The authentication method reference for a password sign-in (RFC 8176).</summary>
    public const string PasswordMethod = "pwd";

    /// <summary>The authentication method reference for a sign-in through a social connector (federated).</summary>
    public const string SocialMethod = "fed";

    // A real hash of a random password, made once per hasher type by the registered hasher: verifying it for
    // unknown usernames costs the same time as a real check, so response timing does not reveal which usernames exist.
    private static readonly ConcurrentDictionary<Type, string> DummyHashes = new();

    public async Task<AccountResult> SignUpAsync(string? username, string? password, CancellationToken cancellationToken = default)
    {
        using var activity = IdentityActivities.Source.StartActivity("identity.sign_up.password");
        if (!(await experience.GetAsync(cancellationToken)).OffersPasswordSignUp)
        {
            return AccountResult.Failure(new FieldError(string.Empty, AccountMessages.RegistrationClosed));
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(username))
        {
            errors.Add(new(UsernameField, AccountMessages.UsernameRequired));
        }
        else if (username.Length > UsernameRules.MaxLength)
        {
            errors.Add(new(UsernameField, AccountMessages.UsernameTooLong));
        }
        else if (!UsernameRules.IsValid(username))
        {
            errors.Add(new(UsernameField, AccountMessages.UsernameInvalid));
        }

        if (PasswordPolicy.Check(password) is { } passwordProblem)
        {
            errors.Add(new(PasswordField, passwordProblem));
        }

        if (errors.Count > 0)
        {
            return AccountResult.Failure([.. errors]);
        }

        var now = clock.GetUtcNow();
        var user = new UserAccount { UserName = username, CreatedAt = now, UpdatedAt = now };
        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, password!);
        }
        catch (DbUpdateException)
        {
            // Two sign-ups raced for one name: the unique index is the real guard, and the loser hears "taken".
            if (await users.FindByNameAsync(username!) is null)
            {
                throw;
            }
            return AccountResult.Failure(new FieldError(UsernameField, AccountMessages.UsernameTaken));
        }

        if (!created.Succeeded)
        {
            return AccountResult.Failure([.. created.Errors.Select(AccountErrors.ToFieldError)]);
        }

        await CompleteSignInAsync(user, PasswordMethod, AuditEventTypes.SignUpSucceeded, cancellationToken);
        return AccountResult.Success(user);
    }

    public async Task<AccountResult> SignInAsync(string? username, string? password, CancellationToken cancellationToken = default)
    {
        using var activity = IdentityActivities.Source.StartActivity("identity.sign_in.password");
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            var errors = new List<FieldError>();
            if (string.IsNullOrEmpty(username)) errors.Add(new(UsernameField, AccountMessages.UsernameRequired));
            if (string.IsNullOrEmpty(password)) errors.Add(new(PasswordField, AccountMessages.PasswordRequired));
            return AccountResult.Failure([.. errors]);
        }

        // An unknown user, a locked account and a social-only account (no password) would each answer without hashing
        // anything, measurably faster than a wrong password: they verify a dummy hash instead, so timing tells nothing.
        var user = await users.FindByNameAsync(username);
        if (user is null || await users.IsLockedOutAsync(user) || !await users.HasPasswordAsync(user))
        {
            VerifyDummyHash(password);
            var reason = user is null ? FailureReasons.UnknownUser
                : await users.HasPasswordAsync(user) ? FailureReasons.LockedOut : FailureReasons.NoPassword;
            await RecordFailureAsync(user?.Id, user?.UserName ?? username, reason, cancellationToken);
            return InvalidCredentials();
        }

        // Counts failures and locks the account (lockout state lives in the database, so every instance agrees).
        // A locked account answers exactly like a wrong password.
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            await RecordFailureAsync(user.Id, user.UserName, FailureReasons.WrongPassword, cancellationToken);
            return InvalidCredentials();
        }

        await CompleteSignInAsync(user, PasswordMethod, AuditEventTypes.SignInSucceeded, cancellationToken);
        return AccountResult.Success(user);
    }

    /// <summary>Ends the session; <paramref name="clientId"/> is the app that asked, when one did.</summary>
    public async Task SignOutAsync(string? clientId = null, CancellationToken cancellationToken = default)
    {
        var principal = signIn.Context.User;
        var userId = signIn.IsSignedIn(principal) ? users.GetUserId(principal) : null;
        await signIn.SignOutAsync();
        if (userId is not null)
        {
            await audit.RecordAsync(new AuditEvent(AuditEventTypes.SignOut, AuditOutcome.Success)
            {
                UserId = userId, Username = users.GetUserName(principal), ClientId = clientId,
            }, cancellationToken);
        }
    }

    /// <summary>
    /// A user who just proved who they are, by password here or through a connector (then <paramref name="connectorTarget"/>
    /// names it) from the social service: a new session (a new cookie), and only then the audit entry of the sign-in
    /// or sign-up (<paramref name="auditEvent"/>), so the log never records a sign-in that did not happen.
    /// </summary>
    public async Task CompleteSignInAsync(UserAccount user, string method, string auditEvent, CancellationToken cancellationToken,
        string? connectorTarget = null)
    {
        await StartSessionAsync(user, method);
        await RecordSuccessAsync(auditEvent, user, method, connectorTarget, cancellationToken);
    }

    private Task RecordSuccessAsync(string type, UserAccount user, string method, string? connectorTarget, CancellationToken cancellationToken)
    {
        IdentityActivities.RecordOutcome("success");
        var details = new Dictionary<string, string?> { ["method"] = method };
        if (connectorTarget is not null)
        {
            details["connector"] = connectorTarget;
        }
        return audit.RecordAsync(new AuditEvent(type, AuditOutcome.Success) { UserId = user.Id, Username = user.UserName, Details = details },
            cancellationToken);
    }

    private Task RecordFailureAsync(string? userId, string? username, string reason, CancellationToken cancellationToken)
    {
        IdentityActivities.RecordOutcome(reason);
        return audit.RecordAsync(new AuditEvent(AuditEventTypes.SignInFailed, AuditOutcome.Failure)
        {
            UserId = userId,
            Username = username,
            Details = new Dictionary<string, string?> { ["method"] = PasswordMethod, ["reason"] = reason },
        }, cancellationToken);
    }

    // How they proved it (the method, PasswordMethod or SocialMethod) and when go into the session.
    private Task StartSessionAsync(UserAccount user, string method)
    {
        // auth_time is recorded in the session so max_age and prompt=login can be honoured later.
        var authTime = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return signIn.SignInWithClaimsAsync(user, isPersistent: false,
        [
            new Claim(SessionClaims.AuthenticationTime, authTime, ClaimValueTypes.Integer64),
            new Claim(SessionClaims.AuthenticationMethod, method),
        ]);
    }

    private void VerifyDummyHash(string password)
    {
        var hasher = users.PasswordHasher;
        var dummyHash = DummyHashes.GetOrAdd(hasher.GetType(), _ => hasher.HashPassword(new UserAccount(), Guid.NewGuid().ToString("N")));
        hasher.VerifyHashedPassword(new UserAccount(), dummyHash, password);
    }

    private static AccountResult InvalidCredentials() =>
        AccountResult.Failure(new FieldError(string.Empty, AccountMessages.InvalidCredentials));
}

/// <summary>Why a sign-in failed, as the audit log says it (never as the user is told: they see one generic message).</summary>
public static class FailureReasons
{
    public const string UnknownUser = "unknownUser";
    public const string WrongPassword = "wrongPassword";
    public const string LockedOut = "lockedOut";
    public const string NoPassword = "noPassword";
}

/// <summary>Claims kept in the session cookie beyond the user's identity.</summary>
public static class SessionClaims
{
    public const string AuthenticationTime = "auth_time";
    public const string AuthenticationMethod = "amr";
}
