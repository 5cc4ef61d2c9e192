using Identity.Admin.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Identity.Admin.ManagementApi;

/// <summary>The body of <c>POST /api/roles</c>, as Logto's: the role and, optionally, the ids of the scopes it grants.</summary>
public sealed record RoleRequest(string? Name, string? Description, string? Type, List<string?>? ScopeIds);

/// <summary>The body of <c>POST /api/roles/{id}/scopes</c>.</summary>
public sealed record ScopeIdsRequest(List<string?>? ScopeIds);

/// <summary>The body of <c>POST /api/roles/{id}/users</c>.</summary>
public sealed record UserIdsRequest(List<string?>? UserIds);

/// <summary>The body of <c>POST /api/roles/{id}/applications</c>: client ids, as the applications API names them.</summary>
public sealed record ApplicationIdsRequest(List<string?>? ApplicationIds);

/// <summary><c>/api/roles</c>: roles, the resource scopes they grant, and the users and applications that hold them.</summary>
internal static class RolesEndpoints
{
    public static void MapRoles(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/roles").WithTags("Roles");

        group.MapGet("", ListAsync).WithName("ListRoles").WithSummary("Lists the roles.");

        group.MapPost("", CreateAsync).WithName("CreateRole")
            .WithSummary("Creates a role: name unique, type User (default) or MachineToMachine, optionally granting the scopes in scopeIds.")
            .AcceptsJson<RoleRequest>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id}", GetAsync).WithName("GetRole").WithSummary("Gets a role.").ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateRole").WithSummary("Changes the name or description (the type is fixed, as in Logto).")
            .AcceptsJson<RolePatch>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteRole")
            .WithSummary("Deletes a role; its users and applications lose it at their next token.").ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/scopes", ListScopesAsync).WithName("ListRoleScopes").WithSummary("Lists the resource scopes the role grants.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/scopes", GrantScopesAsync).WithName("CreateRoleScopes").WithSummary("Grants the role the scopes with these ids.")
            .AcceptsJson<ScopeIdsRequest>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id}/scopes/{scopeId}", RevokeScopeAsync).WithName("DeleteRoleScope").WithSummary("Revokes a scope from the role.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/users", ListUsersAsync).WithName("ListRoleUsers").WithSummary("Lists the users who hold the role.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/users", AssignUsersAsync).WithName("CreateRoleUsers").WithSummary("Gives these users the role (a User role).")
            .AcceptsJson<UserIdsRequest>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id}/users/{userId}", RemoveUserAsync).WithName("DeleteRoleUser").WithSummary("Takes the role from a user.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/applications", ListApplicationsAsync).WithName("ListRoleApplications")
            .WithSummary("Lists the applications that hold the role.").ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/applications", AssignApplicationsAsync).WithName("CreateRoleApplications")
            .WithSummary("Gives these MachineToMachine applications the role (a MachineToMachine role).")
            .AcceptsJson<ApplicationIdsRequest>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id}/applications/{applicationId}", RemoveApplicationAsync).WithName("DeleteRoleApplication")
            .WithSummary("Takes the role from an application.").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<RoleView>>> ListAsync(RoleAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    private static async Task<Created<RoleView>> CreateAsync(HttpRequest request, RoleAdmin admin, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<RoleRequest>(request);
        var created = await admin.CreateAsync(new RoleDefinition { Name = body.Name, Description = body.Description, Type = body.Type },
            cancellationToken, body.ScopeIds);
        return TypedResults.Created($"/api/roles/{Uri.EscapeDataString(created.Id)}", created);
    }

    private static async Task<Ok<RoleView>> GetAsync(string id, RoleAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.GetAsync(id, cancellationToken));

    private static async Task<Ok<RoleView>> UpdateAsync(string id, HttpRequest request, RoleAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.UpdateAsync(id, await RequestBody.ReadPatchAsync<RolePatch>(request), cancellationToken));

    private static async Task<NoContent> DeleteAsync(string id, RoleAdmin admin, CancellationToken cancellationToken)
    {
        await admin.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RoleScopeView>>> ListScopesAsync(string id, RoleAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListScopesAsync(id, cancellationToken));

    private static async Task<Created<IReadOnlyList<RoleScopeView>>> GrantScopesAsync(string id, HttpRequest request, RoleAdmin admin, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<ScopeIdsRequest>(request);
        return TypedResults.Created($"/api/roles/{Uri.EscapeDataString(id)}/scopes", await admin.GrantScopesAsync(id, body.ScopeIds, cancellationToken));
    }

    private static async Task<NoContent> RevokeScopeAsync(string id, string scopeId, RoleAdmin admin, CancellationToken cancellationToken)
    {
        await admin.RevokeScopeAsync(id, scopeId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RoleUserView>>> ListUsersAsync(string id, RoleHolders holders, CancellationToken cancellationToken) =>
        TypedResults.Ok(await holders.RoleUsersAsync(id, cancellationToken));

    private static async Task<Created<IReadOnlyList<RoleUserView>>> AssignUsersAsync(string id, HttpRequest request, RoleHolders holders, CancellationToken cancellationToken)
    {
        await holders.AssignRoleUsersAsync(id, (await RequestBody.ReadAsync<UserIdsRequest>(request)).UserIds, cancellationToken);
        return TypedResults.Created($"/api/roles/{Uri.EscapeDataString(id)}/users", await holders.RoleUsersAsync(id, cancellationToken));
    }

    private static async Task<NoContent> RemoveUserAsync(string id, string userId, RoleHolders holders, CancellationToken cancellationToken)
    {
        await holders.RemoveUserRoleAsync(userId, id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RoleApplicationView>>> ListApplicationsAsync(string id, RoleHolders holders, CancellationToken cancellationToken) =>
        TypedResults.Ok(await holders.RoleApplicationsAsync(id, cancellationToken));

    private static async Task<Created<IReadOnlyList<RoleApplicationView>>> AssignApplicationsAsync(
        string id, HttpRequest request, RoleHolders holders, CancellationToken cancellationToken)
    {
        await holders.AssignRoleApplicationsAsync(id, (await RequestBody.ReadAsync<ApplicationIdsRequest>(request)).ApplicationIds, cancellationToken);
        return TypedResults.Created($"/api/roles/{Uri.EscapeDataString(id)}/applications", await holders.RoleApplicationsAsync(id, cancellationToken));
    }

    private static async Task<NoContent> RemoveApplicationAsync(string id, string applicationId, RoleHolders holders, CancellationToken cancellationToken)
    {
        await holders.RemoveApplicationRoleAsync(applicationId, id, cancellationToken);
        return TypedResults.NoContent();
    }
}
