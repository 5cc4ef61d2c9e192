using System.Globalization;
using Identity.Admin.Definitions;
using Identity.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Admin.ManagementApi;

/// <summary>The body of <c>PATCH /api/users/{id}/password</c>.</summary>
public sealed record PasswordChange(string? Password);

/// <summary>The optional body of <c>POST /api/users/{id}/lock</c>: locked for good when <c>until</c> is left out.</summary>
public sealed record LockRequest(DateTimeOffset? Until);

/// <summary><c>/api/users</c>: users, their password, lockout and social identities.</summary>
internal static class UsersEndpoints
{
    public static void MapUsers(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users");

        group.MapGet("", ListAsync).WithName("ListUsers")
            .WithSummary($"Lists users a page at a time (page from 1, page_size 1-{UserAdmin.MaxPageSize}, default {Paging.DefaultPageSize}); search matches usernames. The total is in the {Paging.TotalNumberHeader} header.")
            .ProducesValidationProblem()
            .DocumentPaging("How many users match, over all pages.");

        group.MapPost("", CreateAsync).WithName("CreateUser").WithSummary("Creates a user (username required; password optional, checked against the policy).")
            .AcceptsJson<UserDefinition>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id}", GetAsync).WithName("GetUser").WithSummary("Gets a user.").ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateUser").WithSummary("Changes the profile fields sent; an empty email removes it.")
            .AcceptsJson<UserPatch>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteUser").WithSummary("Deletes a user and their social identities.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id}/password", SetPasswordAsync).WithName("UpdateUserPassword")
            .WithSummary("Sets a new password (checked against the policy); the user's grants, tokens and sign-in sessions end.")
            .AcceptsJson<PasswordChange>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        // Logto names a user's grants /api/users/{userId}/grants (and revokes one with DELETE .../grants/{grantId}).
        group.MapDelete("/{id}/grants", RevokeGrantsAsync).WithName("RevokeUserGrants")
            .WithSummary("Revokes all of the user's grants in every app: authorizations, codes, access and refresh tokens; also ends their sign-in sessions.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/lock", LockAsync).WithName("LockUser").WithSummary("Locks the user out, until a time or for good; their grants, tokens and sign-in sessions end.")
            .AcceptsJson<LockRequest>(required: false)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id}/lock", UnlockAsync).WithName("UnlockUser").WithSummary("Lifts a lockout and resets the failed sign-in count.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/identities", ListIdentitiesAsync).WithName("ListUserIdentities").WithSummary("Lists the user's social identities.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/{id}/identities/{target}", DeleteIdentityAsync).WithName("DeleteUserIdentity")
            .WithSummary("Unlinks the user's social identity for a connector target.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<UserView>>> ListAsync(
        HttpResponse response, UserAdmin admin, string? page, [FromQuery(Name = "page_size")] string? pageSize, string? search,
        CancellationToken cancellationToken)
    {
        UserPage result;
        try
        {
            result = await admin.ListAsync(Paging.Parse(page, "page", 1), Paging.Parse(pageSize, "page_size", Paging.DefaultPageSize), search, cancellationToken);
        }
        catch (AdminValidationException exception)
        {
            // The admin service names the field as C# does; the API's query parameter is Logto's page_size.
            throw new AdminValidationException([.. exception.Problems.Select(p => p.Path == "pageSize" ? p with { Path = "page_size" } : p)]);
        }

        response.Headers[Paging.TotalNumberHeader] = result.Total.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(result.Items);
    }

    private static async Task<Created<UserView>> CreateAsync(HttpRequest request, UserAdmin admin, CancellationToken cancellationToken)
    {
        var created = await admin.CreateAsync(SeedOnlyFields.Refuse(await RequestBody.ReadAsync<UserDefinition>(request), (b) => b.Roles, "users"), cancellationToken);
        return TypedResults.Created($"/api/users/{Uri.EscapeDataString(created.Id)}", created);
    }

    private static async Task<Ok<UserView>> GetAsync(string id, UserAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.GetAsync(id, cancellationToken));

    private static async Task<Ok<UserView>> UpdateAsync(string id, HttpRequest request, UserAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.UpdateAsync(id, await RequestBody.ReadPatchAsync<UserPatch>(request), cancellationToken));

    private static async Task<NoContent> DeleteAsync(string id, UserAdmin admin, CancellationToken cancellationToken)
    {
        await admin.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<UserView>> SetPasswordAsync(string id, HttpRequest request, UserAdmin admin, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadPatchAsync<PasswordChange>(request);
        await admin.SetPasswordAsync(id, body.Password, cancellationToken);
        return TypedResults.Ok(await admin.GetAsync(id, cancellationToken));
    }

    private static async Task<NoContent> RevokeGrantsAsync(string id, UserAdmin admin, CancellationToken cancellationToken)
    {
        await admin.RevokeGrantsAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<UserView>> LockAsync(string id, HttpRequest request, UserAdmin admin, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadOptionalAsync<LockRequest>(request);
        return TypedResults.Ok(await admin.LockAsync(id, body?.Until, cancellationToken));
    }

    private static async Task<Ok<UserView>> UnlockAsync(string id, UserAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.UnlockAsync(id, cancellationToken));

    private static async Task<Ok<IReadOnlyList<IdentityView>>> ListIdentitiesAsync(string id, UserAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListIdentitiesAsync(id, cancellationToken));

    private static async Task<NoContent> DeleteIdentityAsync(string id, string target, UserAdmin admin, CancellationToken cancellationToken)
    {
        await admin.DeleteIdentityAsync(id, target, cancellationToken);
        return TypedResults.NoContent();
    }
}
