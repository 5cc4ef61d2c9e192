using Identity.Admin.Definitions;
using Identity.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Identity.Admin.ManagementApi;

/// <summary>
/// <c>/api/sign-in-exp</c>: the sign-in experience, in Logto's shape (sign-up, sign-in mode, social connectors, branding,
/// colors, custom CSS, terms links, language); changes show on the hosted pages at the next request.
/// </summary>
internal static class SignInExperienceEndpoints
{
    public static void MapSignInExperience(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/sign-in-exp").WithTags("Sign-in experience");

        group.MapGet("", GetAsync).WithName("GetSignInExperience").WithSummary("Gets the sign-in experience.");

        group.MapPatch("", UpdateAsync).WithName("UpdateSignInExperience")
            .WithSummary("Changes the fields sent; socialSignInConnectorTargets lists connector targets in button order; \"\" removes a logo, link or customCss.")
            .AcceptsJson<SignInExperienceDefinition>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
    }

    private static async Task<Ok<SignInExperienceView>> GetAsync(SignInExperienceAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.GetAsync(cancellationToken));

    private static async Task<Ok<SignInExperienceView>> UpdateAsync(HttpRequest request, SignInExperienceAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok((await admin.UpdateAsync(await RequestBody.ReadPatchAsync<SignInExperienceDefinition>(request), cancellationToken)).View);
}
