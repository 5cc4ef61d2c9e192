using System.Text.Json;
using Identity.Admin;
using Identity.Admin.Definitions;
using Identity.Core.Phrases;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Server.Phrases;

/// <summary>
/// Every language's custom phrases, in memory for the whole process (the sign-in page is a hot path: no query per
/// string, nor per request). The same change-stamp mechanism as the applications' (ApplicationSnapshot):
/// <list type="bullet">
/// <item>a change made on this instance (<see cref="CustomPhraseAdmin"/>) is expected: each hosted-page request compares
/// the database's stamp until it shows, then reads the phrases again, so it applies at the next request;</item>
/// <item>a change made on another instance replaced the phrases' <see cref="ChangeStamp"/> in its own transaction, and
/// <see cref="CustomPhraseSnapshotRefresher"/> compares it once a second (at most about a second of staleness).</item>
/// </list>
/// A stored phrase the admin would refuse (edited in the database by hand) is left out, so a page never fails on one.
/// </summary>
public sealed partial class CustomPhraseSnapshot(IServiceScopeFactory scopes, TimeProvider clock, ILogger<CustomPhraseSnapshot> logger)
    : ICustomPhrases, IDisposable
{
    // A change whose transaction has not ended within this time was rolled back or is stuck; the once-a-second
    // comparison covers it from then on.
    private static readonly TimeSpan LongestExpectation = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile CustomPhraseSet? _current;
    private volatile Expectation? _expected;

    public CustomPhraseSet Latest => _current ?? CustomPhraseSet.Empty;

    public async ValueTask<CustomPhraseSet> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && _expected is null)
        {
            return current;
        }
        try
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
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The error pages use the same language choice: with the database down they must still render, with the
            // phrases last read (or the built-in texts); the next request tries again.
            LogUnavailable(logger, exception);
            return Latest;
        }
    }

    public void Expect(string stamp) => _expected = new Expectation(stamp, clock.GetUtcNow() + LongestExpectation);

    /// <summary>Reads the stamp and, when the phrases changed since they were read, the phrases. Returns whether they changed.</summary>
    public async Task<bool> RefreshIfChangedAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        await using var scope = scopes.CreateAsyncScope();
        var stamp = await ReadStampAsync(scope.ServiceProvider.GetRequiredService<IdentityDataContext>(), cancellationToken);
        if (current is not null && current.Stamp == stamp)
        {
            return false;
        }
        await LoadAsync(stamp, cancellationToken);
        return true;
    }

    private async Task<CustomPhraseSet> LoadAsync(string? expectedStamp, CancellationToken cancellationToken)
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
            // The stamp before the rows: a change committed in between leaves the stamp older than the rows, and the
            // next comparison reads them again (never stale rows under a fresh stamp).
            var stamp = await ReadStampAsync(db, cancellationToken);
            var rows = await db.CustomPhrases.AsNoTracking().ToListAsync(cancellationToken);
            var phrases = new CustomPhraseSet(stamp, rows.ToDictionary(r => r.LanguageTag, Usable, StringComparer.OrdinalIgnoreCase));
            _current = phrases;
            return phrases;
        }
        finally
        {
            _loading.Release();
        }
    }

    private IReadOnlyDictionary<string, string> Usable(CustomPhrase row)
    {
        Dictionary<string, string?> stored;
        try
        {
            stored = JsonSerializer.Deserialize<Dictionary<string, string?>>(row.Translation) ?? [];
        }
        catch (JsonException exception)
        {
            LogUnusableRow(logger, exception, row.LanguageTag);
            return new Dictionary<string, string>();
        }
        var refused = CustomPhraseRules.ValidateTranslation(stored).Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        if (refused.Count > 0)
        {
            LogUnusablePhrases(logger, row.LanguageTag, string.Join(" | ", refused));
        }
        return stored.Where(p => !refused.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
    }

    private static Task<string> ReadStampAsync(IdentityDataContext db, CancellationToken cancellationToken) =>
        db.ChangeStamps.AsNoTracking().Where(s => s.Name == ChangeStamp.CustomPhrases).Select(s => s.Stamp).SingleAsync(cancellationToken);

    public void Dispose() => _loading.Dispose();

    private sealed record Expectation(string Stamp, DateTimeOffset Until);

    [LoggerMessage(EventId = 9210, Level = LogLevel.Warning, Message = "The custom phrases could not be read; the hosted pages use those last read, or the built-in texts.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 9211, Level = LogLevel.Warning, Message = "The custom phrases of '{LanguageTag}' are not a JSON object of texts; the pages ignore them.")]
    private static partial void LogUnusableRow(ILogger logger, Exception exception, string languageTag);

    [LoggerMessage(EventId = 9212, Level = LogLevel.Warning, Message = "Custom phrases of '{LanguageTag}' that the admin would refuse are ignored: {Keys}")]
    private static partial void LogUnusablePhrases(ILogger logger, string languageTag, string keys);
}
