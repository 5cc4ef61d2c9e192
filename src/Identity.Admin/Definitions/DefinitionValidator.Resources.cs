using Identity.Core.Resources;

namespace Identity.Admin.Definitions;

/// <summary>The seed file's API resources, roles, and the roles its users and applications hold.</summary>
public static partial class DefinitionValidator
{
    /// <summary>The entry name of a resource in the seed file, as every error about it starts.</summary>
    public static string ResourceEntry(int index, string? indicator) =>
        indicator is { Length: > 0 } ? $"resources[{index}] ({indicator})" : $"resources[{index}]";

    /// <summary>The entry name of a role in the seed file.</summary>
    public static string RoleEntry(int index, string? name) => name is { Length: > 0 } ? $"roles[{index}] ({name})" : $"roles[{index}]";

    /// <summary>The entry name of a user in the seed file.</summary>
    public static string UserEntry(int index, string? username) => username is { Length: > 0 } ? $"users[{index}] ({username})" : $"users[{index}]";

    /// <summary>The entry name of an application in the seed file.</summary>
    public static string ApplicationEntry(int index, string? id) => id is { Length: > 0 } ? $"applications[{index}] ({id})" : $"applications[{index}]";

    // What the file can check alone; references to resources, scopes and roles the file does not define are checked
    // against the database by the seed runner (SeedReferences) before anything is applied.
    private static void ValidateResourcesAndRoles(SeedFile file, List<DefinitionError> errors)
    {
        var resources = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        for (var index = 0; index < (file.Resources?.Count ?? 0); index++)
        {
            var resource = file.Resources![index];
            var entry = ResourceEntry(index, resource?.Indicator);
            if (resource is null)
            {
                errors.Add(new(entry, "the entry is empty."));
                continue;
            }
            errors.AddRange(ResourceRules.ValidateResource(resource, entry));
            if (!string.IsNullOrEmpty(resource.Indicator) &&
                !resources.TryAdd(resource.Indicator, [.. (resource.Scopes ?? []).Where(s => s?.Name is not null).Select(s => s.Name!)]))
            {
                errors.Add(new($"{entry}.indicator", $"the indicator '{resource.Indicator}' is used by another resource in this file."));
            }
        }

        var roles = new Dictionary<string, RoleType?>(StringComparer.Ordinal);
        for (var index = 0; index < (file.Roles?.Count ?? 0); index++)
        {
            var role = file.Roles![index];
            var entry = RoleEntry(index, role?.Name);
            if (role is null)
            {
                errors.Add(new(entry, "the entry is empty."));
                continue;
            }
            errors.AddRange(ResourceRules.ValidateRole(role, entry));
            ValidateRoleScopes(role, entry, resources, errors);
            if (!string.IsNullOrWhiteSpace(role.Name) && !roles.TryAdd(role.Name, role.Type is null ? RoleType.User : ResourceRules.ParseRoleType(role.Type)))
            {
                errors.Add(new($"{entry}.name", $"the name '{role.Name}' is used by another role in this file; role names are unique."));
            }
        }

        for (var index = 0; index < (file.Users?.Count ?? 0); index++)
        {
            if (file.Users![index] is { Roles: { } held } user)
            {
                ValidateHeldRoles(held, $"{UserEntry(index, user.Username)}.roles", holderIsApplication: false, roles, errors);
            }
        }

        for (var index = 0; index < (file.Applications?.Count ?? 0); index++)
        {
            if (file.Applications![index] is not { Roles: { } held } app)
            {
                continue;
            }
            var path = $"{ApplicationEntry(index, app.Id)}.roles";
            if (held.Count > 0 && app.Type is not null && app.Type != nameof(Core.Applications.ApplicationType.MachineToMachine))
            {
                errors.Add(new(path, $"only MachineToMachine applications may hold roles (this one is {app.Type}); give users roles instead."));
                continue;
            }
            ValidateHeldRoles(held, path, holderIsApplication: true, roles, errors);
        }
    }

    private static void ValidateRoleScopes(RoleDefinition role, string entry, Dictionary<string, HashSet<string>> resources, List<DefinitionError> errors)
    {
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < (role.Scopes?.Count ?? 0); i++)
        {
            var reference = role.Scopes![i];
            var path = $"{entry}.scopes[{i}]";
            if (reference is null)
            {
                errors.Add(new(path, "the entry is empty."));
                continue;
            }
            if (string.IsNullOrWhiteSpace(reference.Resource))
            {
                errors.Add(new($"{path}.resource", "is required: the indicator of a resource in this file or already stored."));
            }
            if (string.IsNullOrWhiteSpace(reference.Scope))
            {
                errors.Add(new($"{path}.scope", "is required: the name of one of the resource's scopes."));
            }
            if (string.IsNullOrWhiteSpace(reference.Resource) || string.IsNullOrWhiteSpace(reference.Scope))
            {
                continue;
            }
            if (!seen.Add((reference.Resource, reference.Scope)))
            {
                errors.Add(new(path, $"'{reference.Scope}' of '{reference.Resource}' is listed twice."));
            }
            // The file's definition of a resource is its whole set of scopes, so a scope it leaves out will not exist.
            else if (resources.TryGetValue(reference.Resource, out var scopes) && !scopes.Contains(reference.Scope))
            {
                errors.Add(new($"{path}.scope", $"the resource '{reference.Resource}' in this file has no scope '{reference.Scope}'."));
            }
        }
    }

    private static void ValidateHeldRoles(
        List<string> held, string path, bool holderIsApplication, Dictionary<string, RoleType?> roles, List<DefinitionError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < held.Count; i++)
        {
            var name = held[i];
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new($"{path}[{i}]", "is required: the name of a role in this file or already stored."));
            }
            else if (!seen.Add(name))
            {
                errors.Add(new($"{path}[{i}]", $"'{name}' is listed twice."));
            }
            else if (roles.TryGetValue(name, out var type) && type is { } known &&
                ResourceRules.HolderProblem(known, holderIsApplication, name) is { } problem)
            {
                errors.Add(new($"{path}[{i}]", problem));
            }
        }
    }
}
