using System.Collections.Frozen;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Server.Oidc;

/// <summary>
/// Every application, in memory for the whole process: the token path finds its client without a query (a query per
/// request was an eighth of a client-credentials request's CPU, measured in bench/). Changes reach it three ways:
/// <list type="bullet">
/// <item>made on this instance (through <see cref="SnapshotApplicationManager"/>): the stamp it wrote is expected, and
/// each use compares the database's stamp until it shows (the change may still be inside a transaction), then reads
/// the applications again;</item>
/// <item>made on another instance: every change replaces the applications' <see cref="ChangeStamp"/> in its own
/// transaction, and <see cref="ApplicationSnapshotRefresher"/> compares it once a second (so at most about a second
/// of staleness);</item>
/// <item>a client unknown here, or a secret that does not match, re-reads the stamp before the answer is a refusal, so
/// an application created or a secret rotated on another instance works at once.</item>
/// </list>
/// Callers get copies (<see cref="Copy"/>): the shared entities are never handed out, so no request can change them.
/// </summary>
public sealed class ApplicationSnapshot(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    // A change whose transaction has not ended within this time was rolled back or is stuck; the once-a-second
    // comparison covers it from then on.
    private static readonly TimeSpan LongestExpectation = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Applications? _current;
    private volatile Expectation? _expected;

    /// <summary>The applications: as last read, unless a change made here is expected and not yet among them.</summary>
    public async ValueTask<Applications> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_expected is { } expected)
        {
            if (_current?.Stamp != expected.Stamp && clock.GetUtcNow() < expected.Until)
            {
                await RefreshIfChangedAsync(cancellationToken);
            }
            if (_current?.Stamp == expected.Stamp || clock.GetUtcNow() >= expected.Until)
            {
                Interlocked.CompareExchange(ref _expected, null, expected);
            }
        }
        return _current ?? await LoadAsync(expectedStamp: null, cancellationToken);
    }

    /// <summary>
    /// A change made here wrote <paramref name="stamp"/>: until the database shows it (its transaction commits), each
    /// use compares the stamp, so the change applies here as soon as it is committed.
    /// </summary>
    public void Expect(string stamp) => _expected = new Expectation(stamp, clock.GetUtcNow() + LongestExpectation);

    /// <summary>Reads the stamp and, when another instance changed the applications since, the applications. Returns whether they changed.</summary>
    public async Task<bool> RefreshIfChangedAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        var stamp = await ReadStampAsync(cancellationToken);
        if (current is not null && current.Stamp == stamp)
        {
            return false;
        }
        await LoadAsync(stamp, cancellationToken);
        return true;
    }

    /// <summary>
    /// The application under <paramref name="key"/> in the chosen index (shared: copy it before handing it out); when
    /// absent, after comparing the stamp, since another instance may have added it within the last second.
    /// </summary>
    public async ValueTask<OpenIddictEntityFrameworkCoreApplication?> FindAsync(
        Func<Applications, FrozenDictionary<string, OpenIddictEntityFrameworkCoreApplication>> index, string key, CancellationToken cancellationToken)
    {
        var found = index(await CurrentAsync(cancellationToken)).GetValueOrDefault(key);
        if (found is null && await RefreshIfChangedAsync(cancellationToken))
        {
            found = index(await CurrentAsync(cancellationToken)).GetValueOrDefault(key);
        }
        return found;
    }

    /// <summary>A detached copy that the caller may change (OpenIddict's manager updates the entities it finds).</summary>
    public static OpenIddictEntityFrameworkCoreApplication Copy(OpenIddictEntityFrameworkCoreApplication application) => new()
    {
        Id = application.Id,
        ApplicationType = application.ApplicationType,
        ClientId = application.ClientId,
        ClientSecret = application.ClientSecret,
        ClientType = application.ClientType,
        ConcurrencyToken = application.ConcurrencyToken,
        ConsentType = application.ConsentType,
        DisplayName = application.DisplayName,
        DisplayNames = application.DisplayNames,
        JsonWebKeySet = application.JsonWebKeySet,
        Permissions = application.Permissions,
        PostLogoutRedirectUris = application.PostLogoutRedirectUris,
        Properties = application.Properties,
        RedirectUris = application.RedirectUris,
        Requirements = application.Requirements,
        Settings = application.Settings,
    };

    private async Task<Applications> LoadAsync(string? expectedStamp, CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have loaded what this one waited for.
            if (_current is { } loaded && (expectedStamp is null || loaded.Stamp == expectedStamp))
            {
                return loaded;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();

            // The stamp before the rows: a change committed in between makes the stamp older than the rows, and the
            // next comparison reads them again (never the reverse, which would keep stale rows under a fresh stamp).
            var stamp = await ReadStampAsync(db, cancellationToken);
            var rows = await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking().ToListAsync(cancellationToken);
            var applications = new Applications(stamp,
                rows.Where(a => a.ClientId is not null).ToFrozenDictionary(a => a.ClientId!, StringComparer.Ordinal),
                rows.Where(a => a.Id is not null).ToFrozenDictionary(a => a.Id!, StringComparer.Ordinal));

            _current = applications;
            return applications;
        }
        finally
        {
            _loading.Release();
        }
    }

    private async Task<string> ReadStampAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await ReadStampAsync(scope.ServiceProvider.GetRequiredService<IdentityDataContext>(), cancellationToken);
    }

    private static Task<string> ReadStampAsync(IdentityDataContext db, CancellationToken cancellationToken) =>
        db.ChangeStamps.AsNoTracking().Where(s => s.Name == ChangeStamp.Applications).Select(s => s.Stamp).SingleAsync(cancellationToken);

    public void Dispose() => _loading.Dispose();

    private sealed record Expectation(string Stamp, DateTimeOffset Until);

    /// <summary>One reading of the applications, by client id and by id (both ordinal: client ids are case-sensitive).</summary>
    public sealed record Applications(
        string Stamp,
        FrozenDictionary<string, OpenIddictEntityFrameworkCoreApplication> ByClientId,
        FrozenDictionary<string, OpenIddictEntityFrameworkCoreApplication> ById);
}
