using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Identity.Admin.ManagementApi;

/// <summary>
/// <c>/api/custom-phrases</c>: the hosted pages' texts an admin replaced or translated, per language, in Logto's shape
/// (<c>{ languageTag, translation }</c>). Unlike Logto's nested phrase keys, ours are flat: each key is the English
/// text of a phrase (<c>GET /api/custom-phrases/keys</c> lists them). Changes show on the pages at the next request.
/// </summary>
internal static class CustomPhrasesEndpoints
{
    public static void MapCustomPhrases(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/custom-phrases").WithTags("Custom phrases");

        group.MapGet("", ListAsync).WithName("ListCustomPhrases").WithSummary("Lists every language that has custom phrases, with its phrases.");

        group.MapGet("/keys", ListKeys).WithName("ListCustomPhraseKeys")
            .WithSummary("Lists the phrases of the hosted pages that can be replaced: each key (its English text), the placeholders a text must keep, and the built-in texts.");

        group.MapGet("/{languageTag}", GetAsync).WithName("GetCustomPhrases")
            .WithSummary("Gets the custom phrases of a language (BCP 47 tag, any casing).")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/{languageTag}", ReplaceAsync).WithName("ReplaceCustomPhrases")
            .WithSummary("Replaces the custom phrases of a language (a new one becomes a language of the pages): the body is the translation object, key to text; " +
                "keys are known phrases, texts non-empty and keep the key's placeholders such as {0}.")
            .AcceptsJson<CustomPhraseTranslation>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{languageTag}", DeleteAsync).WithName("DeleteCustomPhrases")
            .WithSummary("Deletes the custom phrases of a language: its pages show the built-in texts again.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<CustomPhraseView>>> ListAsync(CustomPhraseAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    private static Ok<IReadOnlyList<PhraseKeyView>> ListKeys() => TypedResults.Ok(CustomPhraseAdmin.ListKeys());

    private static async Task<Ok<CustomPhraseView>> GetAsync(string languageTag, CustomPhraseAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.GetAsync(languageTag, cancellationToken));

    private static async Task<Ok<CustomPhraseView>> ReplaceAsync(string languageTag, HttpRequest request, CustomPhraseAdmin admin, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<Dictionary<string, JsonElement>>(request);
        // A text that is not a JSON string (Logto's nested objects among them) is refused by the admin, naming its key.
        var translation = body.ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null, StringComparer.Ordinal);
        return TypedResults.Ok((await admin.ReplaceAsync(languageTag, translation, cancellationToken)).View);
    }

    private static async Task<NoContent> DeleteAsync(string languageTag, CustomPhraseAdmin admin, CancellationToken cancellationToken)
    {
        await admin.DeleteAsync(languageTag, cancellationToken);
        return TypedResults.NoContent();
    }
}

/// <summary>The body of <c>PUT /api/custom-phrases/{languageTag}</c> as documented: phrase key (its English text) to text.</summary>
internal sealed class CustomPhraseTranslation : Dictionary<string, string>;
