using System.Text.Encodings.Web;
using System.Text.Json;
using Identity.Admin.Definitions;
using Identity.Core.Audit;
using Identity.Core.Phrases;
using Identity.Core.SignInExperience;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin;

/// <summary>One language's custom phrases in Logto's shape: <c>{ "languageTag": "de", "translation": { key: text } }</c>.</summary>
public sealed record CustomPhraseView(string LanguageTag, IReadOnlyDictionary<string, string> Translation);

/// <summary>
/// A phrase an admin can override: its key (also its English text), the placeholders a custom text must keep, and
/// its built-in texts by language tag (<c>en</c>, <c>de</c>).
/// </summary>
public sealed record PhraseKeyView(string Key, string English, IReadOnlyList<string> Placeholders, IReadOnlyDictionary<string, string> BuiltIn);

/// <summary>
/// Custom phrases: an admin's texts for the hosted pages, per language, replacing built-in ones or adding a language.
/// A change applies on this instance at its next request and on the others within about a second (the phrases'
/// change stamp, written in the same transaction; see the server's CustomPhraseSnapshot).
/// </summary>
public sealed class CustomPhraseAdmin(
    IdentityDataContext db, ICustomPhrases phrases, SignInExperienceStore experience, TimeProvider clock, IAuditLog audit)
{
    // Stored as written (not \u-escaped): the column is read by people too, and is never put into HTML as it is.
    private static readonly JsonSerializerOptions Stored = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every phrase of the hosted pages, in the order of the pages' resources.</summary>
    public static IReadOnlyList<PhraseKeyView> ListKeys() =>
        [.. PhraseCatalog.All.Select(p => new PhraseKeyView(p.Key, p.English, p.Placeholders, p.BuiltIn))];

    /// <summary>Every language that has custom phrases, by tag.</summary>
    public async Task<IReadOnlyList<CustomPhraseView>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.CustomPhrases.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(p => p.LanguageTag, StringComparer.OrdinalIgnoreCase).Select(ToView)];

    /// <summary>The custom phrases of <paramref name="languageTag"/> (any casing); 404 when it has none.</summary>
    public async Task<CustomPhraseView> GetAsync(string languageTag, CancellationToken cancellationToken) =>
        ToView(await FindAsync(Tag(languageTag), cancellationToken) ?? throw new NotFoundException("Custom phrases", languageTag));

    /// <summary>
    /// Replaces the custom phrases of <paramref name="languageTag"/> with <paramref name="translation"/> (a null text
    /// stands for one that was not a string). Every problem is reported at once and nothing is saved then.
    /// </summary>
    public async Task<(CustomPhraseView View, UpsertResult Result)> ReplaceAsync(
        string languageTag, IReadOnlyDictionary<string, string?> translation, CancellationToken cancellationToken)
    {
        var errors = new List<DefinitionError>();
        var tag = CustomPhraseRules.CanonicalTag(languageTag, errors);
        errors.AddRange(CustomPhraseRules.ValidateTranslation(translation));
        AdminValidationException.ThrowIfAny(errors);

        var wanted = translation.ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal);
        var json = JsonSerializer.Serialize(wanted, Stored);
        UpsertResult result;
        try
        {
            result = await SaveAsync(tag!, json, cancellationToken);
        }
        catch (DbUpdateException) when (db.Database.CurrentTransaction is null)
        {
            // Another request created the language between the read and the insert: replace what it saved.
            db.ChangeTracker.Clear();
            result = await SaveAsync(tag!, json, cancellationToken);
        }

        if (result != UpsertResult.Unchanged)
        {
            await audit.RecordChangeAsync(AuditEventTypes.CustomPhrasesUpdated, cancellationToken,
                details: AdminAudit.Details(("languageTag", tag), ("phrases", wanted.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        return (new CustomPhraseView(tag!, wanted), result);
    }

    /// <summary>
    /// Deletes the custom phrases of <paramref name="languageTag"/>: its pages show the built-in texts again; 404 when
    /// it has none. A language without built-in texts that is the fallback language cannot go (as in Logto): the
    /// pages would quietly stop speaking it.
    /// </summary>
    public async Task DeleteAsync(string languageTag, CancellationToken cancellationToken)
    {
        var tag = Tag(languageTag);
        var row = await FindAsync(tag, cancellationToken) ?? throw new NotFoundException("Custom phrases", languageTag);
        var fallback = (await experience.GetAsync(cancellationToken)).LanguageInfo.FallbackLanguage;
        if (string.Equals(fallback, tag, StringComparison.OrdinalIgnoreCase) &&
            !LanguageInfo.SupportedLanguages.Contains(tag, StringComparer.OrdinalIgnoreCase))
        {
            throw AdminValidationException.For(CustomPhraseRules.LanguageTagField,
                $"'{tag}' is the sign-in experience's fallback language: choose another one (PATCH /api/sign-in-exp) before deleting its phrases.");
        }
        db.CustomPhrases.Remove(row);
        await SaveStampedAsync(cancellationToken);
        await audit.RecordChangeAsync(AuditEventTypes.CustomPhrasesDeleted, cancellationToken, details: AdminAudit.Details(("languageTag", row.LanguageTag)));
    }

    private async Task<UpsertResult> SaveAsync(string tag, string json, CancellationToken cancellationToken)
    {
        var row = await FindAsync(tag, cancellationToken);
        if (row is not null && row.Translation == json)
        {
            return UpsertResult.Unchanged;
        }
        if (row is null)
        {
            db.CustomPhrases.Add(new CustomPhrase { LanguageTag = tag, Translation = json, UpdatedAt = clock.GetUtcNow() });
        }
        else
        {
            row.Translation = json;
            row.UpdatedAt = clock.GetUtcNow();
        }
        await SaveStampedAsync(cancellationToken);
        return row is null ? UpsertResult.Created : UpsertResult.Updated;
    }

    // The change and a new stamp in one SaveChanges, hence one transaction: no instance sees the one without the
    // other. This instance reads the phrases again at its next request; the others when their once-a-second
    // comparison sees the stamp.
    private async Task SaveStampedAsync(CancellationToken cancellationToken)
    {
        var stamp = new ChangeStamp { Name = ChangeStamp.CustomPhrases, Stamp = ChangeStamp.NewStamp() };
        db.ChangeStamps.Attach(stamp);
        db.Entry(stamp).Property(s => s.Stamp).IsModified = true;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            phrases.Expect(stamp.Stamp);
        }
        finally
        {
            db.Entry(stamp).State = EntityState.Detached;
        }
    }

    // The stored tag is canonical, and tags compare case-insensitively: "PT-br" finds "pt-BR".
    private Task<CustomPhrase?> FindAsync(string tag, CancellationToken cancellationToken) =>
        db.CustomPhrases.SingleOrDefaultAsync(p => p.LanguageTag == tag, cancellationToken);

    private static string Tag(string languageTag)
    {
        var errors = new List<DefinitionError>();
        var tag = CustomPhraseRules.CanonicalTag(languageTag, errors);
        AdminValidationException.ThrowIfAny(errors);
        return tag!;
    }

    private static CustomPhraseView ToView(CustomPhrase row) => new(row.LanguageTag, Translation(row.Translation));

    /// <summary>A stored translation as a dictionary (what the admin validated and saved, so always an object of strings).</summary>
    public static IReadOnlyDictionary<string, string> Translation(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
}
