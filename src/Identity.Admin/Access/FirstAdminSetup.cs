using System.Security.Cryptography;
using Identity.Admin.Definitions;
using Identity.Core.Audit;
using Identity.Core.Data;
using Identity.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin.Access;

/// <summary>Why a first-admin setup was refused (the page says it; nothing was created).</summary>
public sealed class SetupLinkException(string message) : AdminException(message);

/// <summary>
/// The one-time link that lets one person create the first console admin on a database where no one holds the console
/// permission. The link carries a token protected with the shared Data Protection key ring (so any instance accepts it)
/// that expires after <see cref="LinkLifetime"/>; using it inserts a marker row in the same transaction as the admin, so
/// it works once even when two browsers or two instances race, and every other link printed before dies with it.
/// </summary>
public sealed class FirstAdminSetup(IDataProtectionProvider protection, IdentityDataContext db, UserAdmin users, ConsoleAdmins admins, AuditActor actor)
{
    public const string Path = "/console/setup";

    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    /// <summary>The marker row (a <see cref="ChangeStamp"/> name) whose insert spends the setup.</summary>
    public const string SpentMarker = "console-first-admin";

    private const string InvalidLink = "This setup link is invalid or has expired. Restart the server to print a new one, or create an admin with the CLI: users add --username <name> --admin.";
    private const string SpentLink = "The first admin has already been set up. Sign in to the console instead.";

    private ITimeLimitedDataProtector Protector => protection.CreateProtector("Identity.Admin.FirstAdminSetup").ToTimeLimitedDataProtector();

    /// <summary>A new link token, or null when the setup is no longer open (someone holds the permission, or it was spent).</summary>
    public async Task<string?> IssueTokenAsync(CancellationToken cancellationToken)
    {
        if (!await IsOpenAsync(cancellationToken))
        {
            return null;
        }
        var nonce = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        return Protector.Protect(nonce, LinkLifetime);
    }

    /// <summary>Whether the link can still be used: its token is genuine and unexpired, and the setup is open.</summary>
    public async Task<bool> AcceptsAsync(string? token, CancellationToken cancellationToken) =>
        IsGenuine(token) && await IsOpenAsync(cancellationToken);

    /// <summary>
    /// Creates the first admin from the link: a user with this username and password, holding the console permission.
    /// Throws <see cref="SetupLinkException"/> for a bad, expired or spent link, and the usual validation errors.
    /// </summary>
    public async Task<UserView> CreateFirstAdminAsync(string? token, string? username, string? password, CancellationToken cancellationToken)
    {
        if (!IsGenuine(token))
        {
            throw new SetupLinkException(InvalidLink);
        }
        if (!await IsOpenAsync(cancellationToken))
        {
            throw new SetupLinkException(SpentLink);
        }
        if (string.IsNullOrEmpty(password))
        {
            throw AdminValidationException.For("password", "Enter a password.");
        }

        actor.Name = AuditActor.Setup;
        try
        {
            return await db.InTransactionAsync(async ct =>
            {
                db.ChangeStamps.Add(new ChangeStamp { Name = SpentMarker, Stamp = ChangeStamp.NewStamp() });
                await db.SaveChangesAsync(ct);
                var user = await users.CreateAsync(new UserDefinition { Username = username, Password = password }, ct);
                await admins.GrantAsync(user.Id, ct);
                return user;
            }, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another browser or instance used a link a moment before: its admin exists, this one is not created.
            if (await SpentAsync(CancellationToken.None))
            {
                throw new SetupLinkException(SpentLink);
            }
            throw;
        }
    }

    private bool IsGenuine(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return false;
        }
        try
        {
            _ = Protector.Unprotect(token);
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private async Task<bool> IsOpenAsync(CancellationToken cancellationToken) =>
        !await SpentAsync(cancellationToken) && !await admins.AnyAsync(cancellationToken);

    private Task<bool> SpentAsync(CancellationToken cancellationToken) =>
        db.ChangeStamps.AsNoTracking().AnyAsync(s => s.Name == SpentMarker, cancellationToken);
}
