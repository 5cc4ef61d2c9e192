using Identity.Admin.Definitions;
using Identity.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Identity.Admin.ManagementApi;

/// <summary>
/// An application as returned on creation or secret rotation: the application's fields with the secret in clear,
/// flattened like Logto's. It is never returned again.
/// </summary>
public sealed record ApplicationWithSecretView(
    string Id, string Name, string Type, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> Scopes, bool IsConfidential, string? Secret, string? DefaultResource)
{
    public static ApplicationWithSecretView From(ApplicationWithSecret created)
    {
        var app = created.Application;
        return new(app.Id, app.Name, app.Type, app.RedirectUris, app.PostLogoutRedirectUris, app.Scopes, app.IsConfidential, created.Secret,
            app.DefaultResource);
    }
}

/// <summary><c>/api/applications</c>: the relying parties and machine-to-machine clients.</summary>
internal static class ApplicationsEndpoints
{
    public static void MapApplications(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/applications").WithTags("Applications");

        group.MapGet("", ListAsync).WithName("ListApplications").WithSummary("Lists the applications (secrets are never shown).");

        group.MapPost("", CreateAsync).WithName("CreateApplication")
            .WithSummary("Creates an application; a confidential one gets a generated secret unless one is given, returned this once.")
            .AcceptsJson<ApplicationDefinition>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id}", GetAsync).WithName("GetApplication").WithSummary("Gets an application.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateApplication")
            .WithSummary("Changes the name, redirect URIs, post-logout redirect URIs or scopes; fields left out keep their values.")
            .AcceptsJson<ApplicationPatch>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteApplication").WithSummary("Deletes an application.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id}/secret", RotateSecretAsync).WithName("RotateApplicationSecret")
            .WithSummary("Replaces a confidential application's secret; the new one is returned this once and the old one stops working.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<ApplicationView>>> ListAsync(ApplicationAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    private static async Task<Created<ApplicationWithSecretView>> CreateAsync(HttpRequest request, ApplicationAdmin admin, CancellationToken cancellationToken)
    {
        var created = await admin.CreateAsync(SeedOnlyFields.Refuse(await RequestBody.ReadAsync<ApplicationDefinition>(request), (b) => b.Roles, "applications"), cancellationToken);
        return TypedResults.Created($"/api/applications/{Uri.EscapeDataString(created.Application.Id)}", ApplicationWithSecretView.From(created));
    }

    private static async Task<Ok<ApplicationView>> GetAsync(string id, ApplicationAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.GetAsync(id, cancellationToken));

    private static async Task<Ok<ApplicationView>> UpdateAsync(string id, HttpRequest request, ApplicationAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.UpdateAsync(id, await RequestBody.ReadPatchAsync<ApplicationPatch>(request), cancellationToken));

    private static async Task<NoContent> DeleteAsync(string id, ApplicationAdmin admin, CancellationToken cancellationToken)
    {
        await admin.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ApplicationWithSecretView>> RotateSecretAsync(string id, ApplicationAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(ApplicationWithSecretView.From(await admin.RotateSecretAsync(id, cancellationToken)));
}
