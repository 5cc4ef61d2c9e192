using Identity.Admin.Definitions;
using Identity.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Identity.Admin.ManagementApi;

/// <summary>
/// <c>/api/connector-factories</c> (the installed plugins and their config schemas) and <c>/api/connectors</c> (the
/// instances). Secret config fields are always shown masked; sending the mask back in a PATCH keeps the stored value.
/// </summary>
internal static class ConnectorsEndpoints
{
    public static void MapConnectors(this RouteGroupBuilder api)
    {
        api.MapGet("/connector-factories", (ConnectorAdmin admin) => TypedResults.Ok(admin.ListFactories()))
            .WithTags("Connectors").WithName("ListConnectorFactories").WithSummary("Lists the installed connector plugins and their config schemas.");

        var group = api.MapGroup("/connectors").WithTags("Connectors");

        group.MapGet("", ListAsync).WithName("ListConnectors").WithSummary("Lists the connectors, secrets masked.");

        group.MapPost("", CreateAsync).WithName("CreateConnector")
            .WithSummary("Adds a connector: connectorId names the plugin, config is checked by it; the target cannot change later.")
            .AcceptsJson<ConnectorDefinition>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapGet("/{id}", GetAsync).WithName("GetConnector").WithSummary("Gets a connector, secrets masked.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPatch("/{id}", UpdateAsync).WithName("UpdateConnector")
            .WithSummary("Changes the name, logo, syncProfile or config (replaced whole; a secret sent as the mask keeps its value).")
            .AcceptsJson<ConnectorPatch>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteConnector")
            .WithSummary("Deletes a connector; users who signed up through it keep their accounts.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<IReadOnlyList<ConnectorView>>> ListAsync(ConnectorAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.ListAsync(cancellationToken));

    private static async Task<Created<ConnectorView>> CreateAsync(HttpRequest request, ConnectorAdmin admin, CancellationToken cancellationToken)
    {
        var created = await admin.CreateAsync(await RequestBody.ReadAsync<ConnectorDefinition>(request), cancellationToken);
        return TypedResults.Created($"/api/connectors/{Uri.EscapeDataString(created.Id)}", created);
    }

    private static async Task<Ok<ConnectorView>> GetAsync(string id, ConnectorAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.GetAsync(id, cancellationToken));

    private static async Task<Ok<ConnectorView>> UpdateAsync(string id, HttpRequest request, ConnectorAdmin admin, CancellationToken cancellationToken) =>
        TypedResults.Ok(await admin.UpdateAsync(id, await RequestBody.ReadPatchAsync<ConnectorPatch>(request), cancellationToken));

    private static async Task<NoContent> DeleteAsync(string id, ConnectorAdmin admin, CancellationToken cancellationToken)
    {
        await admin.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}
