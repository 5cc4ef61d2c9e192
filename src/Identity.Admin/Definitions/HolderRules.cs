namespace Identity.Admin.Definitions;

/// <summary>The rule for the id lists of the calls that grant scopes and assign roles: a non-empty array of known ids.</summary>
public static class HolderRules
{
    /// <summary>Every problem with <paramref name="ids"/>, each naming its entry, e.g. <c>roleIds[2]</c>.</summary>
    /// <param name="field">The body's field, e.g. <c>roleIds</c>.</param>
    /// <param name="ids">The ids sent.</param>
    /// <param name="known">Those of them that exist.</param>
    /// <param name="kind">What they are ids of, for the messages.</param>
    public static IReadOnlyList<DefinitionError> IdList(string field, IReadOnlyList<string?>? ids, IReadOnlySet<string> known, string kind)
    {
        if (ids is not { Count: > 0 })
        {
            return [new(field, $"is required: a non-empty array of {kind} ids.")];
        }
        var errors = new List<DefinitionError>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrEmpty(ids[i]) || !known.Contains(ids[i]!))
            {
                errors.Add(new($"{field}[{i}]", $"no {kind} has the id '{ids[i]}'."));
            }
        }
        return errors;
    }
}
