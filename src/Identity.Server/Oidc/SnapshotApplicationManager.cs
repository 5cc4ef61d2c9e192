using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Server.Oidc;

/// <summary>
/// OpenIddict's application manager, with applications found in <see cref="ApplicationSnapshot"/> instead of a query
/// per request, every change stamped in its own transaction (so other instances see it, see <see cref="ChangeStamp"/>),
/// and client secrets checked through <see cref="ClientSecretVerificationCache"/>.
/// <para>
/// A scope that changes applications (the admin, the seed) reads them from the database from then on, through its own
/// context: its changes may not be committed yet, and the snapshot only holds committed ones.
/// </para>
/// </summary>
public sealed class SnapshotApplicationManager(
    IOpenIddictApplicationCache<OpenIddictEntityFrameworkCoreApplication> cache,
    ILogger<OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>> logger,
    IOptionsMonitor<OpenIddictCoreOptions> options,
    IOpenIddictApplicationStore<OpenIddictEntityFrameworkCoreApplication> store,
    ClientSecretVerificationCache verified,
    ApplicationSnapshot snapshot,
    IdentityDataContext db)
    : OpenIddictApplicationManager<OpenIddictEntityFrameworkCoreApplication>(cache, logger, options, store)
{
    private bool _changedHere;

    public override async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return _changedHere
            ? await base.FindByClientIdAsync(identifier, cancellationToken)
            : CopyOf(await snapshot.FindAsync(applications => applications.ByClientId, identifier, cancellationToken));
    }

    public override async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindByIdAsync(string identifier, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return _changedHere
            ? await base.FindByIdAsync(identifier, cancellationToken)
            : CopyOf(await snapshot.FindAsync(applications => applications.ById, identifier, cancellationToken));
    }

    public override async ValueTask<bool> ValidateClientSecretAsync(OpenIddictEntityFrameworkCoreApplication application, string secret,
        CancellationToken cancellationToken = default)
    {
        if (await base.ValidateClientSecretAsync(application, secret, cancellationToken))
        {
            return true;
        }

        // Before refusing: the secret may have been rotated on another instance within the last second.
        if (application.Id is { } id && await snapshot.RefreshIfChangedAsync(cancellationToken)
            && (await snapshot.CurrentAsync(cancellationToken)).ById.GetValueOrDefault(id) is { } fresh
            && !string.Equals(fresh.ClientSecret, application.ClientSecret, StringComparison.Ordinal))
        {
            return await base.ValidateClientSecretAsync(ApplicationSnapshot.Copy(fresh), secret, cancellationToken);
        }
        return false;
    }

    // Every create ends here (the other overloads call this one), every update in UpdateAsync(application).
    public override ValueTask CreateAsync(OpenIddictEntityFrameworkCoreApplication application, string? secret, CancellationToken cancellationToken = default) =>
        StampedAsync(application, () => base.CreateAsync(application, secret, cancellationToken));

    public override ValueTask UpdateAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default) =>
        StampedAsync(application, () => base.UpdateAsync(application, cancellationToken));

    public override ValueTask DeleteAsync(OpenIddictEntityFrameworkCoreApplication application, CancellationToken cancellationToken = default) =>
        StampedAsync(application, () => base.DeleteAsync(application, cancellationToken));

    // OpenIddict validates an application just before the store attaches it, and its check that the client id is unique
    // reads (and tracks) the stored row: the caller's copy must be the only instance tracked when the store attaches it.
    public override async IAsyncEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> ValidateAsync(
        OpenIddictEntityFrameworkCoreApplication application, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var result in base.ValidateAsync(application, cancellationToken))
        {
            yield return result;
        }
        DetachOtherInstancesOf(application);
    }

    protected override async ValueTask<bool> ValidateClientSecretAsync(string secret, string comparand, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(secret) && !string.IsNullOrEmpty(comparand) && verified.IsKnownGood(comparand, secret))
        {
            return true;
        }
        var valid = await base.ValidateClientSecretAsync(secret, comparand, cancellationToken);
        if (valid)
        {
            verified.RememberGood(comparand, secret);
        }
        return valid;
    }

    private static OpenIddictEntityFrameworkCoreApplication? CopyOf(OpenIddictEntityFrameworkCoreApplication? shared) =>
        shared is null ? null : ApplicationSnapshot.Copy(shared);

    // A copy from the snapshot, changed by the caller, replaces whatever instance of the same row this context already
    // tracks (read by a list or a validation): the store attaches the one it is given.
    private void DetachOtherInstancesOf(OpenIddictEntityFrameworkCoreApplication application)
    {
        foreach (var tracked in db.ChangeTracker.Entries<OpenIddictEntityFrameworkCoreApplication>()
            .Where(e => e.Entity.Id is not null && e.Entity.Id == application.Id && !ReferenceEquals(e.Entity, application)).ToList())
        {
            tracked.State = EntityState.Detached;
        }
    }

    // The store saves the change with the new stamp in one SaveChanges, hence one transaction: no instance can see
    // the change without the stamp, or the stamp without the change.
    private async ValueTask StampedAsync(OpenIddictEntityFrameworkCoreApplication application, Func<ValueTask> change)
    {
        _changedHere = true;
        DetachOtherInstancesOf(application);

        var stamp = db.ChangeStamps.Local.FirstOrDefault(s => s.Name == ChangeStamp.Applications);
        if (stamp is null)
        {
            stamp = new ChangeStamp { Name = ChangeStamp.Applications, Stamp = ChangeStamp.NewStamp() };
            db.ChangeStamps.Attach(stamp);
        }
        stamp.Stamp = ChangeStamp.NewStamp();
        db.Entry(stamp).Property(s => s.Stamp).IsModified = true;
        try
        {
            await change();
            snapshot.Expect(stamp.Stamp);
        }
        finally
        {
            // Saved or not (the change may have been refused before saving), the stamp is not this scope's to keep.
            db.Entry(stamp).State = EntityState.Detached;
        }
    }
}
