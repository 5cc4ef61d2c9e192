using System.CommandLine;
using Identity.Admin;
using Identity.Admin.Definitions;
using Identity.Core.Resources;

namespace Identity.Cli;

internal static class RolesCommands
{
    public static Command Create(CliHost host) => new("roles", "List and add roles, and grant or revoke the resource scopes they give.")
    {
        List(host), Add(host), Grant(host, grant: true), Grant(host, grant: false),
    };

    private static Command List(CliHost host)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (each role with its scopes) instead of a table." };
        var command = new Command("list", "List the roles and the resource scopes they grant.") { json };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var admin = services.GetRequiredService<RoleAdmin>();
            var roles = new List<(RoleView Role, IReadOnlyList<RoleScopeView> Scopes)>();
            foreach (var role in await admin.ListAsync(ct))
            {
                roles.Add((role, await admin.ListScopesAsync(role.Id, ct)));
            }
            if (result.GetValue(json))
            {
                CliOutput.WriteJson(roles.Select(r => new { r.Role.Id, r.Role.Name, r.Role.Description, r.Role.Type, r.Scopes }));
                return;
            }

            CliOutput.WriteTable(
                ["NAME", "TYPE", "ID", "SCOPES"],
                roles.Select(r => (IReadOnlyList<string>)[r.Role.Name, r.Role.Type, r.Role.Id,
                    string.Join(" ", r.Scopes.Select(s => $"{s.ResourceIndicator} {s.Name}"))]),
                "No roles.");
        }, cancellationToken)));
        return command;
    }

    private static Command Add(CliHost host)
    {
        var name = new Option<string>("--name") { Description = "The role's name (unique).", Required = true };
        var description = new Option<string>("--description") { Description = "What the role is for." };
        var type = new Option<string>("--type") { Description = $"Who holds it: {string.Join(" or ", Enum.GetNames<RoleType>())} (default User)." };
        type.CompletionSources.Add(Enum.GetNames<RoleType>());
        var command = new Command("add", "Add a role; grant it resource scopes with 'roles grant'.") { name, description, type };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var created = await services.GetRequiredService<RoleAdmin>().CreateAsync(new RoleDefinition
            {
                Name = result.GetValue(name), Description = result.GetValue(description), Type = result.GetValue(type),
            }, ct);
            CliOutput.Line($"Added {created.Type} role '{created.Name}' (id {created.Id}).");
        }, cancellationToken)));
        return command;
    }

    // "grant" and "revoke" take the same arguments: the role, and the scope named by its resource's indicator and its name.
    private static Command Grant(CliHost host, bool grant)
    {
        var role = new Argument<string>("ROLE") { Description = "The role's name (or id)." };
        var resource = new Option<string>("--resource") { Description = "The resource's indicator.", Required = true };
        var scope = new Option<string>("--scope") { Description = "The name of one of the resource's scopes.", Required = true };
        var command = grant
            ? new Command("grant", "Grant a role a resource scope: its holders' tokens for the resource may carry it.") { role, resource, scope }
            : new Command("revoke", "Revoke a resource scope from a role (at its holders' next token).") { role, resource, scope };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var admin = services.GetRequiredService<RoleAdmin>();
            var roleId = await admin.FindIdAsync(result.GetRequiredValue(role), ct);
            var scopeId = await admin.FindScopeIdAsync(result.GetRequiredValue(resource), result.GetRequiredValue(scope), ct);
            if (grant)
            {
                await admin.GrantScopesAsync(roleId, [scopeId], ct);
            }
            else
            {
                await admin.RevokeScopeAsync(roleId, scopeId, ct);
            }
            CliOutput.Line($"{(grant ? "Granted" : "Revoked")} '{result.GetValue(scope)}' of '{result.GetValue(resource)}' {(grant ? "to" : "from")} role '{result.GetValue(role)}'.");
        }, cancellationToken)));
        return command;
    }
}
