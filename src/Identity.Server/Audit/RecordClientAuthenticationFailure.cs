using Identity.Core.Audit;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Identity.Server.Audit;

/// <summary>
/// Records a token request refused with <c>invalid_client</c> (an unknown client, a wrong secret): the sign of someone
/// guessing client secrets. The claimed client id is kept; the secret never is.
/// </summary>
public sealed class RecordClientAuthenticationFailure(IAuditLog audit) : IOpenIddictServerHandler<ApplyTokenResponseContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ApplyTokenResponseContext>()
            .UseScopedHandler<RecordClientAuthenticationFailure>()
            // Before the response is written, which ends the handler chain.
            .SetOrder(OpenIddictServerAspNetCoreHandlers.ProcessJsonResponse<ApplyTokenResponseContext>.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public async ValueTask HandleAsync(ApplyTokenResponseContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Response.Error != Errors.InvalidClient)
        {
            return;
        }

        await audit.RecordAsync(new AuditEvent(AuditEventTypes.TokenClientAuthenticationFailed, AuditOutcome.Failure)
        {
            ClientId = context.Request?.ClientId,
            Details = new Dictionary<string, string?> { ["grantType"] = context.Request?.GrantType },
        }, context.CancellationToken);
    }
}
