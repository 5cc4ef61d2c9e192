using Identity.Admin.Definitions;
using Identity.Core.Resources;
using Identity.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Admin.Seeding;

/// <summary>
/// The seed file's references to what it does not define itself: a role's scope of a resource already stored, a role
/// held by a user or application that is already stored. <see cref="DefinitionValidator"/> checks those the file
/// defines; this checks the rest against the database, before anything is applied, each error naming its entry.
/// </summary>
public static class SeedReferences
{
    public static async Task<IReadOnlyList<DefinitionError>> CheckAsync(SeedFile file, IdentityDataContext db, CancellationToken cancellationToken)
    {
        var errors = new List<DefinitionError>();
        var fileResources = (file.Resources ?? []).Select(r => r?.Indicator).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var fileRoles = (file.Roles ?? []).Select(r => r?.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);

        var indicators = (file.Roles ?? []).SelectMany(r => r?.Scopes ?? []).Select(s => s?.Resource).OfType<string>()
            .Where(i => !fileResources.Contains(i)).Distinct().ToList();
        var storedResources = await db.Resources.AsNoTracking().Include(r => r.Scopes)
            .Where(r => indicators.Contains(r.Indicator)).ToListAsync(cancellationToken);
        for (var index = 0; index < (file.Roles?.Count ?? 0); index++)
        {
            var role = file.Roles![index];
            for (var i = 0; i < (role?.Scopes?.Count ?? 0); i++)
            {
                var reference = role!.Scopes![i];
                if (reference?.Resource is not { Length: > 0 } indicator || fileResources.Contains(indicator) || string.IsNullOrWhiteSpace(reference.Scope))
                {
                    continue;
                }
                var path = $"{DefinitionValidator.RoleEntry(index, role.Name)}.scopes[{i}]";
                if (storedResources.FirstOrDefault(r => r.Indicator == indicator) is not { } resource)
                {
                    errors.Add(new($"{path}.resource", $"no resource has the indicator '{indicator}', in this file or stored."));
                }
                else if (resource.Scopes.All(s => s.Name != reference.Scope))
                {
                    errors.Add(new($"{path}.scope", $"the stored resource '{indicator}' has no scope '{reference.Scope}'."));
                }
            }
        }

        var names = (file.Users ?? []).SelectMany(u => u?.Roles ?? []).Concat((file.Applications ?? []).SelectMany(a => a?.Roles ?? []))
            .Where(n => !string.IsNullOrWhiteSpace(n) && !fileRoles.Contains(n)).Distinct().ToList();
        var storedRoles = await db.AccessRoles.AsNoTracking().Where(r => names.Contains(r.Name)).ToDictionaryAsync(r => r.Name, r => r.Type, cancellationToken);
        for (var index = 0; index < (file.Users?.Count ?? 0); index++)
        {
            CheckHeld(file.Users![index]?.Roles, $"{DefinitionValidator.UserEntry(index, file.Users[index]?.Username)}.roles", false, fileRoles, storedRoles, errors);
        }
        for (var index = 0; index < (file.Applications?.Count ?? 0); index++)
        {
            CheckHeld(file.Applications![index]?.Roles, $"{DefinitionValidator.ApplicationEntry(index, file.Applications[index]?.Id)}.roles", true, fileRoles, storedRoles, errors);
        }
        return errors;
    }

    private static void CheckHeld(
        List<string>? held, string path, bool holderIsApplication, HashSet<string> fileRoles, Dictionary<string, RoleType> stored, List<DefinitionError> errors)
    {
        for (var i = 0; i < (held?.Count ?? 0); i++)
        {
            var name = held![i];
            if (string.IsNullOrWhiteSpace(name) || fileRoles.Contains(name))
            {
                continue;
            }
            if (!stored.TryGetValue(name, out var type))
            {
                errors.Add(new($"{path}[{i}]", $"no role is named '{name}', in this file or stored."));
            }
            else if (ResourceRules.HolderProblem(type, holderIsApplication, name) is { } problem)
            {
                errors.Add(new($"{path}[{i}]", problem));
            }
        }
    }
}
