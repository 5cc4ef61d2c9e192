using Identity.Core;
using Identity.Core.Resources;

namespace Identity.Admin.Definitions;

/// <summary>
/// The rules for API resources, their scopes and roles, the same behind every door (seed file, Management API, CLI).
/// Each check returns every problem at once, each naming its field under <c>entry</c>.
/// </summary>
public static class ResourceRules
{
    public const int MinAccessTokenTtl = 60;

    public const int MaxAccessTokenTtl = 86400;

    /// <summary>Scopes the server itself gives meaning to: a resource scope of the same name would be confused with them.</summary>
    public static readonly IReadOnlySet<string> ReservedScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        "openid", "profile", "email", "phone", "address", "offline_access", "management",
    };

    /// <summary>Checks a whole resource definition (for creation): indicator, name, TTL and scopes.</summary>
    public static IReadOnlyList<DefinitionError> ValidateResource(ResourceDefinition resource, string entry = "")
    {
        var errors = new List<DefinitionError>();
        if (IndicatorProblem(resource.Indicator) is { } problem)
        {
            errors.Add(new(Join(entry, "indicator"), problem));
        }
        ValidateNameAndTtl(resource.Name, resource.AccessTokenTtl, entry, errors);

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (resource.Scopes?.Count ?? 0); i++)
        {
            var scope = resource.Scopes![i];
            var path = Join(entry, $"scopes[{i}]");
            if (scope is null)
            {
                errors.Add(new(path, "the entry is empty."));
                continue;
            }
            errors.AddRange(ValidateScope(scope, path));
            if (!string.IsNullOrEmpty(scope.Name) && !names.Add(scope.Name))
            {
                errors.Add(new(Join(path, "name"), $"'{scope.Name}' is listed twice; scope names are unique within a resource."));
            }
        }
        return errors;
    }

    /// <summary>Checks a name (required) and an access token lifetime (optional), as creation and updates both have them.</summary>
    public static void ValidateNameAndTtl(string? name, int? accessTokenTtl, string entry, List<DefinitionError> errors)
    {
        if (RequiredName(name, StoredLengths.Name) is { } nameProblem)
        {
            errors.Add(new(Join(entry, "name"), nameProblem));
        }
        if (accessTokenTtl is { } ttl && ttl is < MinAccessTokenTtl or > MaxAccessTokenTtl)
        {
            errors.Add(new(Join(entry, "accessTokenTtl"),
                $"must be a whole number of seconds from {MinAccessTokenTtl} to {MaxAccessTokenTtl} (got {ttl})."));
        }
    }

    /// <summary>
    /// Why <paramref name="indicator"/> cannot be a resource indicator, or null: RFC 8707 §2 asks for an absolute URI
    /// without a fragment.
    /// </summary>
    public static string? IndicatorProblem(string? indicator)
    {
        if (string.IsNullOrWhiteSpace(indicator))
        {
            return "is required: an absolute URI such as https://api.example.com.";
        }
        if (indicator.Length > StoredLengths.ResourceIndicator)
        {
            return $"must be at most {StoredLengths.ResourceIndicator} characters (got {indicator.Length}).";
        }
        // Uri.TryCreate reads "/api" as a file: URI, so the text itself must name the scheme.
        if (indicator.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || !Uri.TryCreate(indicator, UriKind.Absolute, out var uri) ||
            !indicator.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            return $"'{indicator}' is not an absolute URI (RFC 8707 §2), e.g. https://api.example.com.";
        }
        return indicator.Contains('#', StringComparison.Ordinal)
            ? $"'{indicator}' must not contain a fragment (#...) (RFC 8707 §2)."
            : null;
    }

    /// <summary>Checks one scope: its name and description.</summary>
    public static IReadOnlyList<DefinitionError> ValidateScope(ScopeDefinition scope, string entry = "")
    {
        var errors = new List<DefinitionError>();
        if (ScopeNameProblem(scope.Name) is { } problem)
        {
            errors.Add(new(Join(entry, "name"), problem));
        }
        if (DescriptionProblem(scope.Description) is { } description)
        {
            errors.Add(new(Join(entry, "description"), description));
        }
        return errors;
    }

    public static string? ScopeNameProblem(string? name) => name switch
    {
        null or "" => "is required: one word without spaces, such as read:books.",
        _ when name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) => $"'{name}' must be one word without spaces.",
        _ when name.Length > StoredLengths.ScopeName => $"must be at most {StoredLengths.ScopeName} characters (got {name.Length}).",
        _ when ReservedScopes.Contains(name) =>
            $"'{name}' is reserved ({string.Join(", ", ReservedScopes)} have a meaning of their own here); choose another name.",
        _ => null,
    };

    /// <summary>Checks a role definition: name, description, type, and the shape of its scope references.</summary>
    public static IReadOnlyList<DefinitionError> ValidateRole(RoleDefinition role, string entry = "")
    {
        var errors = new List<DefinitionError>();
        if (RequiredName(role.Name, StoredLengths.Name) is { } nameProblem)
        {
            errors.Add(new(Join(entry, "name"), nameProblem));
        }
        if (DescriptionProblem(role.Description) is { } description)
        {
            errors.Add(new(Join(entry, "description"), description));
        }
        if (role.Type is not null && ParseRoleType(role.Type) is null)
        {
            errors.Add(new(Join(entry, "type"), TypeProblem(role.Type)));
        }
        return errors;
    }

    /// <summary>The role type as Logto spells it (exactly), or null.</summary>
    public static RoleType? ParseRoleType(string? type) =>
        Enum.GetNames<RoleType>().Contains(type, StringComparer.Ordinal) ? Enum.Parse<RoleType>(type!) : null;

    public static string TypeProblem(string? type) => $"must be one of {string.Join(", ", Enum.GetNames<RoleType>())} (got '{type}').";

    public static string? DescriptionProblem(string? description) => description is { Length: > StoredLengths.Description }
        ? $"must be at most {StoredLengths.Description} characters (got {description.Length})."
        : null;

    /// <summary>The rule for who may hold a role of <paramref name="type"/>, as Logto has it.</summary>
    public static string? HolderProblem(RoleType type, bool holderIsApplication, string roleName) => (type, holderIsApplication) switch
    {
        (RoleType.MachineToMachine, false) => $"'{roleName}' is a MachineToMachine role: only MachineToMachine applications may hold it, not users.",
        (RoleType.User, true) => $"'{roleName}' is a User role: only users may hold it, not applications.",
        _ => null,
    };

    private static string? RequiredName(string? name, int bound) => name switch
    {
        null => "is required.",
        _ when string.IsNullOrWhiteSpace(name) => "is required.",
        _ when name.Length > bound => $"must be at most {bound} characters (got {name.Length}).",
        _ => null,
    };

    private static string Join(string entry, string field) => entry.Length == 0 ? field : entry + "." + field;
}
