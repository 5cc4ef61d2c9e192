using Identity.Admin.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Identity.Admin.ManagementApi;

/// <summary><c>/api/resources</c>: the APIs apps get access tokens for, and their scopes (Logto's shape).</summary>
internal static class ResourcesEndpoints
{
    public static void MapResources(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/resources").WithTags("Resources");

        group.MapGet("", ListAsync).WithName("ListResources").WithSummary("Lists the API resources.");

        group.MapPost("", CreateAsync).WithName("CreateResource")
            .WithSummary("Creates an API resource (indicator: an absolute URI without a fragment; accessTokenTtl 60-86400 seconds, default 3600), with scopes if given.")
            .AcceptsJson<ResourceDefinition>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id}", GetAsync).WithName("GetResource").WithSummary("Gets an API resource.").ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateResource")
            .WithSummary("Changes the name or access token lifetime; the indicator cannot change, as in Logto.")
            .AcceptsJson<ResourcePatch>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteResource")
            .WithSummary("Deletes an API resource and its scopes; roles stop granting them.").ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id}/scopes", ListScopesAsync).WithName("ListResourceScopes").WithSummary("Lists the resource's scopes.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/scopes", AddScopeAsync).WithName("CreateResourceScope")
            .WithSummary("Adds a scope: one word, unique within the resource, not an OpenID Connect scope nor 'management'.")
            .AcceptsJson<ScopeDefinition>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapPatch("/{id}/scopes/{scopeId}", UpdateScopeAsync).WithName("UpdateResourceScope")
            .WithSummary("Renames a scope or changes its description; roles that grant it keep granting it.")
            .AcceptsJson<ScopePatch>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id}/scopes/{scopeId}", DeleteScopeAsync).WithName("DeleteResourceScope")
            .WithSummary("Deletes a scope; roles stop granting it.").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<ResourceView>>> ListAsync(ResourceAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    private static async Task<Created<ResourceView>> CreateAsync(HttpRequest request, ResourceAdmin admin, CancellationToken cancellationToken)
    {
        var created = await admin.CreateAsync(await RequestBody.ReadAsync<ResourceDefinition>(request), cancellationToken);
        return TypedResults.Created($"/api/resources/{Uri.EscapeDataString(created.Id)}", created);
    }

    private static async Task<Ok<ResourceView>> GetAsync(string id, ResourceAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.GetAsync(id, cancellationToken));

    private static async Task<Ok<ResourceView>> UpdateAsync(string id, HttpRequest request, ResourceAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.UpdateAsync(id, await RequestBody.ReadPatchAsync<ResourcePatch>(request), cancellationToken));

    private static async Task<NoContent> DeleteAsync(string id, ResourceAdmin admin, CancellationToken cancellationToken)
    {
        await admin.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<ScopeView>>> ListScopesAsync(string id, ResourceAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListScopesAsync(id, cancellationToken));

    private static async Task<Created<ScopeView>> AddScopeAsync(string id, HttpRequest request, ResourceAdmin admin, CancellationToken cancellationToken)
    {
        var created = await admin.AddScopeAsync(id, await RequestBody.ReadAsync<ScopeDefinition>(request), cancellationToken);
        return TypedResults.Created($"/api/resources/{Uri.EscapeDataString(id)}/scopes/{Uri.EscapeDataString(created.Id)}", created);
    }

    private static async Task<Ok<ScopeView>> UpdateScopeAsync(string id, string scopeId, HttpRequest request, ResourceAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.UpdateScopeAsync(id, scopeId, await RequestBody.ReadPatchAsync<ScopePatch>(request), cancellationToken));

    private static async Task<NoContent> DeleteScopeAsync(string id, string scopeId, ResourceAdmin admin, CancellationToken cancellationToken)
    {
        await admin.DeleteScopeAsync(id, scopeId, cancellationToken);
        return TypedResults.NoContent();
    }
}
