using Identity.Admin.Definitions;

namespace Identity.Admin.Seeding;

/// <summary>A seed file that cannot be applied. The message names the file, each bad entry and field.</summary>
public sealed class SeedException(string path, IReadOnlyList<DefinitionError> errors)
    : Exception(Describe(path, errors))
{
    public string FilePath { get; } = path;

    public IReadOnlyList<DefinitionError> Errors { get; } = errors;

    private static string Describe(string path, IReadOnlyList<DefinitionError> errors) =>
        $"The seed file '{path}' was not applied (nothing was changed):" + Environment.NewLine +
        string.Join(Environment.NewLine, errors.Select(e => "  - " + e));
}
