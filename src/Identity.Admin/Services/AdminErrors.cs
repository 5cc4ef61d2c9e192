using Identity.Admin.Definitions;

namespace Identity.Admin;

/// <summary>
/// What an admin operation can refuse. The three doors (Management API, CLI, seed file) each turn these into their
/// own form: a problem details response, a message and exit code, a seed error.
/// </summary>
public abstract class AdminException(string message) : Exception(message);

/// <summary>No such resource (404).</summary>
public sealed class NotFoundException(string resource, string id) : AdminException($"{resource} '{id}' does not exist.")
{
    public string Resource { get; } = resource;

    public string Id { get; } = id;
}

/// <summary>The value is taken: a duplicate id, target or username (409).</summary>
public sealed class ConflictException(string field, string message) : AdminException(message)
{
    public string Field { get; } = field;
}

/// <summary>Bad input, with every field that is wrong (400).</summary>
public sealed class AdminValidationException(IReadOnlyList<DefinitionError> problems)
    : AdminException(string.Join("; ", problems.Select(p => $"{p.Path}: {p.Message}")))
{
    public IReadOnlyList<DefinitionError> Problems { get; } = problems;

    public static void ThrowIfAny(IReadOnlyList<DefinitionError> problems)
    {
        if (problems.Count > 0)
        {
            throw new AdminValidationException(problems);
        }
    }

    public static AdminValidationException For(string field, string message) => new([new DefinitionError(field, message)]);
}

/// <summary>What an upsert did (the seed file counts them).</summary>
public enum UpsertResult
{
    Created,
    Updated,
    Unchanged,
}
