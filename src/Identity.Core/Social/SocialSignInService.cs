using System.Security.Cryptography;
using Connectors.Abstractions;
using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Core.Data;
using Identity.Core.Interaction;
using Identity.Core.SignInExperience;
using Identity.Core.Telemetry;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Identity.Core.Social;

/// <summary>
/// The social sign-in journey, as a straight line: start (state and PKCE bound to this browser) → callback (state
/// checked before any upstream call) → profile from the connector → find, link or create the user → session.
/// </summary>
/// <remarks>The decisions are here; where an attempt waits between requests is <see cref="SocialAttemptStore"/>.</remarks>
public sealed partial class SocialSignInService(
    IIdentityData data,
    SocialAttemptStore attempts,
    ConnectorRegistry connectors,
    ISignInExperienceProvider experience,
    UserManager<UserAccount> users,
    AccountService accounts,
    TimeProvider clock,
    IAuditLog audit,
    ILogger<SocialSignInService> logger)
{

    /// <summary>Starts an attempt for an enabled connector, or returns null when there is no such button.</summary>
    public async Task<SocialStart?> StartAsync(string connectorId, string? returnUrl, Uri serverBase, CancellationToken cancellationToken)
    {
        using var activity = IdentityActivities.Source.StartActivity("identity.social.start");
        var settings = await experience.GetAsync(cancellationToken);
        var resolved = await connectors.ResolveAsync(connectorId, cancellationToken);
        if (resolved is null || !settings.SocialSignInConnectorTargets.Contains(resolved.Instance.Target))
        {
            return null;
        }

        var redirectUri = new Uri(serverBase, "callback/" + Uri.EscapeDataString(connectorId));
        var attempt = await attempts.StartAsync(connectorId, HostedPages.SafeReturnUrl(returnUrl), redirectUri,
            resolved.Connector.UsesPkce, cancellationToken);
        return new SocialStart(resolved.Connector.BuildAuthorizationUri(attempt.Request), attempt.BrowserNonce, attempt.ExpiresAt);
    }

    /// <summary>Handles the provider's callback. The state must match an attempt started in this browser, once.</summary>
    public async Task<SocialOutcome> CompleteCallbackAsync(
        string connectorId, IReadOnlyDictionary<string, string> parameters, string? browserNonce, CancellationToken cancellationToken)
    {
        using var activity = IdentityActivities.Source.StartActivity("identity.social.callback");
        // The state is checked (and used up) before any upstream call.
        if (await attempts.ConsumeAsync(connectorId, parameters.GetValueOrDefault("state"), browserNonce, cancellationToken)
            is not var (attempt, verifier))
        {
            return new SocialOutcome.InvalidAttempt();
        }

        var resolved = await connectors.ResolveAsync(connectorId, cancellationToken);
        if (resolved is null)
        {
            return new SocialOutcome.Failed(connectorId, SocialMessages.ConnectorGone);
        }

        var name = resolved.Instance.Name;
        SocialProfile profile;
        try
        {
            profile = await resolved.Connector.GetProfileAsync(
                new CallbackContext(parameters, new Uri(attempt.RedirectUri), verifier), cancellationToken);
        }
        catch (ConnectorException exception) when (exception.Code == ConnectorErrorCode.AuthorizationCancelled)
        {
            return new SocialOutcome.Cancelled(name, attempt.ReturnUrl);
        }
        catch (ConnectorException exception)
        {
            // The connector's message (the step, the field, a short redacted excerpt of the answer) is for the log only:
            // the user gets words for the kind of failure and the reference to find the log line by.
            var reference = NewReference();
            LogConnectorFailure(logger, exception, connectorId, exception.Code, reference);
            await RecordFailureAsync(resolved.Instance.Target, "connectorError", exception.Code.ToString(), cancellationToken);
            return new SocialOutcome.Failed(name, SocialMessages.ForConnectorError(exception.Code), attempt.ReturnUrl,
                RefusesTheCallback(exception.Code), reference);
        }

        return await FinishAsync(resolved.Instance, profile, attempt.ReturnUrl, attempt.BrowserBinding, cancellationToken);
    }

    // The codes a caller of the callback can cause at will, with the error, code and iss parameters it sends; an
    // unreachable provider or an answer the connector cannot use is not a failed attempt (while a provider is down,
    // counting them would lock out every person behind a shared address).
    private static bool RefusesTheCallback(ConnectorErrorCode code) =>
        code is ConnectorErrorCode.AuthorizationFailed or ConnectorErrorCode.IssuerMismatch;

    /// <summary>What the pick-a-username page needs to know about the waiting attempt, or null when there is none.</summary>
    public async Task<SocialOutcome.NeedsUsername?> GetPendingAsync(string? browserNonce, CancellationToken cancellationToken)
    {
        var pending = await attempts.FindAwaitingUsernameAsync(browserNonce, cancellationToken);
        if (pending is null)
        {
            return null;
        }

        var instance = await data.Connectors.AsNoTracking().FirstOrDefaultAsync(c => c.Id == pending.ConnectorId, cancellationToken);
        return new SocialOutcome.NeedsUsername(instance?.Name ?? pending.ConnectorId, null);
    }

    /// <summary>Creates the account with the chosen username, links the social identity and signs the user in.</summary>
    public async Task<(SocialOutcome? Outcome, IReadOnlyList<FieldError> Errors)> CompleteRegistrationAsync(
        string? browserNonce, string? username, CancellationToken cancellationToken)
    {
        var pending = await attempts.FindAwaitingUsernameAsync(browserNonce, cancellationToken);
        if (pending is null || attempts.ReadProfile(pending) is not { } stored)
        {
            return (new SocialOutcome.InvalidAttempt(), []);
        }

        if (string.IsNullOrEmpty(username))
        {
            return (null, [new FieldError(AccountService.UsernameField, AccountMessages.UsernameRequired)]);
        }

        var (user, errors) = await CreateUserAsync(stored.Target, stored.Profile, username, cancellationToken);
        if (user is null)
        {
            return (null, errors);
        }

        await attempts.DeleteAsync(pending, cancellationToken);
        return (await SignedInAsync(user, AuditEventTypes.SignUpSucceeded, stored.Target, pending.ReturnUrl, cancellationToken), []);
    }

    // A locked account (an admin's lock, or too many wrong passwords) stays locked whichever way its owner signs in.
    private async Task<SocialOutcome?> RefuseIfLockedAsync(
        UserAccount user, ConnectorInstance instance, string returnUrl, CancellationToken cancellationToken)
    {
        if (!await users.IsLockedOutAsync(user))
        {
            return null;
        }
        await RecordFailureAsync(instance.Target, FailureReasons.LockedOut, null, cancellationToken, user);
        return new SocialOutcome.Refused(instance.Name, SocialMessages.Locked, returnUrl);
    }

    private async Task<SocialOutcome> FinishAsync(
        ConnectorInstance instance, SocialProfile profile, string returnUrl, string browserBinding, CancellationToken cancellationToken)
    {
        // 1. A returning user: the identity is known.
        var identity = await data.SocialIdentities.FirstOrDefaultAsync(
            i => i.Target == instance.Target && i.ExternalId == profile.Id, cancellationToken);
        if (identity is not null && await users.FindByIdAsync(identity.UserId) is { } known)
        {
            if (await RefuseIfLockedAsync(known, instance, returnUrl, cancellationToken) is { } refused)
            {
                return refused;
            }

            identity.Details = profile.RawData.GetRawText();
            identity.UpdatedAt = clock.GetUtcNow();
            if (instance.SyncProfile)
            {
                known.Name = profile.Name ?? known.Name;
                known.Picture = profile.Avatar ?? known.Picture;
                known.UpdatedAt = clock.GetUtcNow();
                await users.UpdateAsync(known);
            }
            await data.SaveChangesAsync(cancellationToken);
            return await SignedInAsync(known, AuditEventTypes.SignInSucceeded, instance.Target, returnUrl, cancellationToken);
        }

        var settings = await experience.GetAsync(cancellationToken);

        // 2. Automatic linking, only through an email the provider says it verified and that a local user verified:
        //    an unverified email could belong to anyone, so it never merges accounts silently.
        if (settings.AutomaticAccountLinking && profile is { Email: { } email, EmailVerified: true } &&
            await UsersWithEmailAsync(email, cancellationToken) is [{ EmailConfirmed: true } owner])
        {
            if (await RefuseIfLockedAsync(owner, instance, returnUrl, cancellationToken) is { } refused)
            {
                return refused;
            }

            await LinkAsync(owner, instance.Target, profile, cancellationToken);
            return await SignedInAsync(owner, AuditEventTypes.SignInSucceeded, instance.Target, returnUrl, cancellationToken);
        }

        // 3. A new user.
        if (!settings.AllowsRegistration)
        {
            await RecordFailureAsync(instance.Target, "notRegistered", null, cancellationToken);
            return new SocialOutcome.Refused(instance.Name, SocialMessages.NotRegistered, returnUrl);
        }

        if (settings.RequiresUsername)
        {
            await attempts.AwaitUsernameAsync(browserBinding, instance, returnUrl, profile, cancellationToken);
            return new SocialOutcome.NeedsUsername(instance.Name, null);
        }

        var (created, errors) = await CreateUserAsync(instance.Target, profile, username: null, cancellationToken);
        if (created is null)
        {
            return new SocialOutcome.Failed(instance.Name, string.Join(" ", errors.Select(e => e.Message)), returnUrl);
        }
        return await SignedInAsync(created, AuditEventTypes.SignUpSucceeded, instance.Target, returnUrl, cancellationToken);
    }

    private async Task<SocialOutcome> SignedInAsync(UserAccount user, string auditEvent, string connectorTarget, string returnUrl,
        CancellationToken cancellationToken)
    {
        await accounts.CompleteSignInAsync(user, AccountService.SocialMethod, auditEvent, cancellationToken, connectorTarget);
        return new SocialOutcome.SignedIn(returnUrl);
    }

    private Task RecordFailureAsync(string connectorTarget, string reason, string? error, CancellationToken cancellationToken,
        UserAccount? user = null)
    {
        IdentityActivities.RecordOutcome(reason);
        var details = new Dictionary<string, string?> { ["method"] = AccountService.SocialMethod, ["connector"] = connectorTarget, ["reason"] = reason };
        if (error is not null)
        {
            details["error"] = error;
        }
        return audit.RecordAsync(new AuditEvent(AuditEventTypes.SignInFailed, AuditOutcome.Failure)
        {
            UserId = user?.Id, Username = user?.UserName, Details = details,
        }, cancellationToken);
    }

    private async Task<(UserAccount? User, IReadOnlyList<FieldError> Errors)> CreateUserAsync(
        string target, SocialProfile profile, string? username, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var user = new UserAccount
        {
            UserName = username,
            Name = profile.Name,
            Picture = profile.Avatar,
            CreatedAt = now,
            UpdatedAt = now,
        };

        // The email is copied only when no other user has it, so it can never be used to reach someone else's account.
        if (profile.Email is { } email && await UsersWithEmailAsync(email, cancellationToken) is [])
        {
            user.Email = email;
            user.EmailConfirmed = profile.EmailVerified;
        }

        // A refused user (the account rules) was never inserted: the commit then writes nothing.
        return await data.InTransactionAsync(async ct =>
        {
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return (null, (IReadOnlyList<FieldError>)[.. created.Errors.Select(AccountErrors.ToFieldError)]);
            }
            await LinkAsync(user, target, profile, ct);
            return ((UserAccount?)user, (IReadOnlyList<FieldError>)[]);
        }, cancellationToken);
    }

    // Emails are not unique among users (admins may give two users one address); Identity's FindByEmailAsync throws
    // then. At most two are read: linking needs exactly one owner, copying needs none.
    private async Task<List<UserAccount>> UsersWithEmailAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = users.NormalizeEmail(email);
        return await data.Users.Where(u => u.NormalizedEmail == normalized).Take(2).ToListAsync(cancellationToken);
    }

    private async Task LinkAsync(UserAccount user, string target, SocialProfile profile, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        data.SocialIdentities.Add(new SocialIdentity
        {
            UserId = user.Id,
            Target = target,
            ExternalId = profile.Id,
            Details = profile.RawData.GetRawText(),
            CreatedAt = now,
            UpdatedAt = now,
        });
        await data.SaveChangesAsync(cancellationToken);
    }

    // Short enough to read out over the phone, random enough not to collide in a day's logs.
    private static string NewReference() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Social sign-in through connector {ConnectorId} failed ({Code}), reference {Reference}.")]
    private static partial void LogConnectorFailure(ILogger logger, Exception exception, string connectorId, ConnectorErrorCode code, string reference);
}
