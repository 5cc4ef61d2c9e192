using System.Security.Claims;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpenIddict.Abstractions;
using OpenIddict.Validation.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Admin.ManagementApi;

/// <summary>
/// The Management API under <c>/api</c>, shaped after Logto's: bearer access tokens from the client-credentials grant
/// of a machine-to-machine application granted the <c>management</c> scope; the hosted pages' cookie is not accepted.
/// </summary>
public static class ManagementApiRegistration
{
    /// <summary>The scope a machine-to-machine application must be granted (seed: <c>"scopes": ["management"]</c>).</summary>
    public const string Scope = "management";

    public const string Policy = "ManagementApi";

    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddManagementApi(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            // Only OpenIddict's validation handler: the session cookie (the default scheme) never authenticates here.
            .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new CurrentManagementGrant()));
        // Scoped: it reads the application through the request's OpenIddict manager.
        services.AddScoped<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, CurrentManagementGrantHandler>();

        services.AddOpenApi(options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Identity Management API",
                    Version = "v1",
                    Description = "Applications, social connectors, the sign-in experience and the hosted pages' custom phrases, users, API resources and roles, the audit log and the dashboard's user counts, shaped after Logto's Management API. " +
                        "Authenticate with an access token from the client-credentials grant of a MachineToMachine application granted the 'management' scope.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "POST /oidc/token with grant_type=client_credentials and scope=management.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any() &&
                    !metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
                {
                    operation.Security ??= [];
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                    operation.Responses ??= [];
                    operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid bearer access token (see WWW-Authenticate)." });
                    operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token was not issued to an application granted the 'management' scope." });
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/api/openapi.json");
        SeedSchemaEndpoint.Map(endpoints);

        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(Policy)
            .AddEndpointFilter<AdminProblems>()
            .AddEndpointFilter<RecordManagementActor>();
        api.MapApplications();
        api.MapConnectors();
        api.MapSignInExperience();
        api.MapCustomPhrases();
        api.MapUsers();
        api.MapResources();
        api.MapRoles();
        api.MapHeldRoles();
        api.MapLogs();
        api.MapDashboard();
        return endpoints;
    }

    /// <summary>
    /// A token with the scope, issued to the application itself (client credentials: its subject is its client id).
    /// A user's token never qualifies, even from an app granted the scope: anyone who can sign up could get one. Nor
    /// does a token for an API resource (it has an audience): it is that API's, whatever its scopes are named.
    /// </summary>
    public static bool IsManagementToken(ClaimsPrincipal principal) =>
        principal.HasScope(Scope) &&
        principal.GetAudiences().IsDefaultOrEmpty &&
        principal.GetClaim(Claims.Subject) is { Length: > 0 } subject &&
        string.Equals(subject, principal.GetClaim(Claims.ClientId), StringComparison.Ordinal);
}
