using System.Globalization;
using Identity.Data;
using Identity.Server.Phrases;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Identity.Server.Tests;

/// <summary>
/// The custom phrases in memory: a change made on this instance is expected and compared at each use until it shows
/// (for ten seconds at most, then the once-a-second comparison alone covers it); otherwise uses read no database.
/// </summary>
public sealed class CustomPhrasesSnapshotTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private static readonly CultureInfo Norwegian = CultureInfo.GetCultureInfo("nb");

    [Fact]
    public async Task WhileAChangeIsExpected_EachUseCompares_AndAfterTenSecondsOnlyTheRefreshDoes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var snapshot = new CustomPhraseSnapshot(server.Services.GetRequiredService<IServiceScopeFactory>(), clock, NullLogger<CustomPhraseSnapshot>.Instance);
        await snapshot.CurrentAsync(CancellationToken.None);

        // A change whose transaction has not shown yet: every use compares the stamp meanwhile.
        snapshot.Expect("a stamp that never commits");
        await SetAsync("nb", "Logg inn");
        var whileExpecting = await snapshot.CurrentAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(10));
        await snapshot.CurrentAsync(CancellationToken.None);
        await SetAsync("nb", "Logg på");
        var afterGivingUp = await snapshot.CurrentAsync(CancellationToken.None);
        await snapshot.RefreshIfChangedAsync(CancellationToken.None);
        var afterRefresh = await snapshot.CurrentAsync(CancellationToken.None);
        await CustomPhrasesAsAnotherInstance.ChangeAsync(server.Services, db => db.CustomPhrases.Where(p => p.LanguageTag == "nb").ExecuteDelete());

        Assert.Equal("Logg inn", whileExpecting.Find(Norwegian, "Sign in"));
        Assert.Equal("Logg inn", afterGivingUp.Find(Norwegian, "Sign in"));
        Assert.Equal("Logg på", afterRefresh.Find(Norwegian, "Sign in"));
    }

    [Fact]
    public async Task WithNothingExpected_UsesKeepWhatWasRead_UntilTheRefreshSeesANewStamp()
    {
        using var snapshot = new CustomPhraseSnapshot(server.Services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System,
            NullLogger<CustomPhraseSnapshot>.Instance);
        var first = await snapshot.CurrentAsync(CancellationToken.None);

        await SetAsync("nn", "Logg inn");
        var beforeRefresh = await snapshot.CurrentAsync(CancellationToken.None);
        var changed = await snapshot.RefreshIfChangedAsync(CancellationToken.None);
        var unchanged = await snapshot.RefreshIfChangedAsync(CancellationToken.None);
        var afterRefresh = snapshot.Latest;
        await CustomPhrasesAsAnotherInstance.ChangeAsync(server.Services, db => db.CustomPhrases.Where(p => p.LanguageTag == "nn").ExecuteDelete());

        Assert.Same(first, beforeRefresh);
        Assert.True(changed);
        Assert.False(unchanged);
        Assert.Contains("nn", afterRefresh.Languages);
    }

    private Task SetAsync(string languageTag, string signIn) => CustomPhrasesAsAnotherInstance.ChangeAsync(server.Services, db =>
    {
        var row = db.CustomPhrases.SingleOrDefault(p => p.LanguageTag == languageTag);
        var translation = $$"""{"Sign in":"{{signIn}}"}""";
        if (row is null)
        {
            db.CustomPhrases.Add(new CustomPhrase { LanguageTag = languageTag, Translation = translation, UpdatedAt = DateTimeOffset.UtcNow });
        }
        else
        {
            row.Translation = translation;
        }
    });
}
