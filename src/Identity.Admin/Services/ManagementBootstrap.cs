using Identity.Admin.Definitions;
using Identity.Core.Audit;
using OpenIddict.Abstractions;

namespace Identity.Admin;

/// <summary>
/// On the first start of an empty database, when no seed created an application allowed to use the Management API,
/// creates one and prints its credentials once, like a first-run admin password, so a newcomer can call the API at once.
/// </summary>
public sealed class ManagementBootstrap(IOpenIddictApplicationManager applications, ApplicationAdmin admin, AuditActor actor)
{
    public const string ApplicationId = "management-bootstrap";
    public const string ManagementScope = "management";

    public async Task RunAsync(TextWriter console, CancellationToken cancellationToken)
    {
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            if (await applications.HasPermissionAsync(application, OpenIddictConstants.Permissions.Prefixes.Scope + ManagementScope, cancellationToken))
            {
                return;
            }
        }

        actor.Name = AuditActor.Bootstrap;
        var created = await admin.CreateAsync(new ApplicationDefinition
        {
            Id = ApplicationId,
            Name = "Management API (created at first start)",
            Type = nameof(Identity.Core.Applications.ApplicationType.MachineToMachine),
            Scopes = [ManagementScope],
        }, cancellationToken);

        // Written to the console only, never to the logs, which may be shipped elsewhere.
        await console.WriteLineAsync(
            $"""

            A Management API application was created for this new database. Its secret is shown only now:
              client_id:     {ApplicationId}
              client_secret: {created.Secret}
            Get a token:  POST /oidc/token  grant_type=client_credentials&scope={ManagementScope}  (HTTP Basic client_id:client_secret)
            Rotate it with `apps rotate-secret {ApplicationId}`, or define your own application with "scopes": ["{ManagementScope}"] in a seed file.

            """);
    }
}
