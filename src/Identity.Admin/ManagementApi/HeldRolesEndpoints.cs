using Microsoft.AspNetCore.Http.HttpResults;

namespace Identity.Admin.ManagementApi;

/// <summary>The body of <c>POST /api/users/{id}/roles</c> and <c>POST /api/applications/{id}/roles</c>.</summary>
public sealed record RoleIdsRequest(List<string?>? RoleIds);

/// <summary><c>/api/users/{id}/roles</c> and <c>/api/applications/{id}/roles</c>: the roles a user or application holds.</summary>
internal static class HeldRolesEndpoints
{
    public static void MapHeldRoles(this RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users/{id}/roles").WithTags("Users");
        users.MapGet("", ListUserRolesAsync).WithName("ListUserRoles").WithSummary("Lists the roles the user holds.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("", AssignUserRolesAsync).WithName("AssignUserRoles").WithSummary("Gives the user these roles (User roles).")
            .AcceptsJson<RoleIdsRequest>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        users.MapDelete("/{roleId}", RemoveUserRoleAsync).WithName("DeleteUserRole").WithSummary("Takes a role from the user (at their next token).")
            .ProducesProblem(StatusCodes.Status404NotFound);

        var applications = api.MapGroup("/applications/{id}/roles").WithTags("Applications");
        applications.MapGet("", ListApplicationRolesAsync).WithName("ListApplicationRoles").WithSummary("Lists the roles the application holds.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        applications.MapPost("", AssignApplicationRolesAsync).WithName("AssignApplicationRoles")
            .WithSummary("Gives a MachineToMachine application these roles (MachineToMachine roles).")
            .AcceptsJson<RoleIdsRequest>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        applications.MapDelete("/{roleId}", RemoveApplicationRoleAsync).WithName("DeleteApplicationRole")
            .WithSummary("Takes a role from the application (at its next token).").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<RoleView>>> ListUserRolesAsync(string id, RoleHolders holders, CancellationToken cancellationToken) =>
        TypedResults.Ok(await holders.UserRolesAsync(id, cancellationToken));

    private static async Task<Created<IReadOnlyList<RoleView>>> AssignUserRolesAsync(string id, HttpRequest request, RoleHolders holders, CancellationToken cancellationToken)
    {
        await holders.AssignUserRolesAsync(id, (await RequestBody.ReadAsync<RoleIdsRequest>(request)).RoleIds, cancellationToken);
        return TypedResults.Created($"/api/users/{Uri.EscapeDataString(id)}/roles", await holders.UserRolesAsync(id, cancellationToken));
    }

    private static async Task<NoContent> RemoveUserRoleAsync(string id, string roleId, RoleHolders holders, CancellationToken cancellationToken)
    {
        await holders.RemoveUserRoleAsync(id, roleId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RoleView>>> ListApplicationRolesAsync(string id, RoleHolders holders, CancellationToken cancellationToken) =>
        TypedResults.Ok(await holders.ApplicationRolesAsync(id, cancellationToken));

    private static async Task<Created<IReadOnlyList<RoleView>>> AssignApplicationRolesAsync(
        string id, HttpRequest request, RoleHolders holders, CancellationToken cancellationToken)
    {
        await holders.AssignApplicationRolesAsync(id, (await RequestBody.ReadAsync<RoleIdsRequest>(request)).RoleIds, cancellationToken);
        return TypedResults.Created($"/api/applications/{Uri.EscapeDataString(id)}/roles", await holders.ApplicationRolesAsync(id, cancellationToken));
    }

    private static async Task<NoContent> RemoveApplicationRoleAsync(string id, string roleId, RoleHolders holders, CancellationToken cancellationToken)
    {
        await holders.RemoveApplicationRoleAsync(id, roleId, cancellationToken);
        return TypedResults.NoContent();
    }
}
