using Identity.Admin.Definitions;

namespace Identity.AdminConsole;

/// <summary>
/// A form's errors: those naming a field are shown next to it, the rest above the form. The admin services report every
/// problem at once with a path (<c>redirectUris[1]</c>); a form field shows those of its own path and its items.
/// </summary>
public sealed class FieldErrors
{
    private readonly List<(string Field, string Message)> errors = [];

    public bool Any => errors.Count > 0;

    public void Add(string field, string message) => errors.Add((field, message));

    public void AddAll(IEnumerable<DefinitionError> problems)
    {
        foreach (var problem in problems)
        {
            Add(problem.Path, problem.Message);
        }
    }

    /// <summary>The messages for this field (and its items, <c>field[0]</c>, <c>field.x</c>), joined; null when it has none.</summary>
    public string? For(string field)
    {
        var messages = errors.Where(e => Belongs(e.Field, field)).Select(e => e.Message).ToList();
        return messages.Count == 0 ? null : string.Join(" ", messages);
    }

    /// <summary>The messages none of the form's fields shows: for the alert above the form.</summary>
    public IReadOnlyList<string> Unplaced(params string[] formFields) =>
        [.. errors.Where(e => !formFields.Any(f => Belongs(e.Field, f))).Select(e => e.Message)];

    private static bool Belongs(string path, string field) =>
        path == field || path.StartsWith(field + "[", StringComparison.Ordinal) || path.StartsWith(field + ".", StringComparison.Ordinal);
}
