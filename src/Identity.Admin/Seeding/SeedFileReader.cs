using System.Text.Json;
using System.Text.Json.Serialization;
using Identity.Admin.Definitions;

namespace Identity.Admin.Seeding;

/// <summary>Reads a seed file strictly: a misspelt field is an error, not silently ignored.</summary>
public static class SeedFileReader
{
    /// <summary>Strict JSON for admin files (the seed file, a connector file for the CLI).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A key given twice is a mistake whichever value wins; say so instead of guessing.
        AllowDuplicateProperties = false,
    };

    public static async Task<SeedFile> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new SeedException(path, [new DefinitionError("(file)", "the file does not exist.")]);
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<SeedFile>(stream, Options, cancellationToken)
                ?? throw new SeedException(path, [new DefinitionError("(file)", "the file is empty or null.")]);
        }
        catch (JsonException exception)
        {
            var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "(file)" : exception.Path.TrimStart('$', '.');
            var line = exception.LineNumber is { } n ? $" (line {n + 1})" : "";
            throw new SeedException(path, [new DefinitionError(where, $"not valid here{line}: {FirstSentence(exception.Message)}")]);
        }
    }

    // System.Text.Json appends "Path: ... | LineNumber: ..." to its messages; we already report those.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
