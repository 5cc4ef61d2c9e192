using Identity.Core.Audit;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Admin.ManagementApi;

/// <summary>Names the Management API caller (the client id of its token) as the actor of the admin changes it makes.</summary>
internal sealed class RecordManagementActor(AuditActor actor) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        actor.Name = context.HttpContext.User.GetClaim(Claims.ClientId);
        return next(context);
    }
}
