using System.Text.Json;

namespace Identity.Admin.Definitions;

/// <summary>One social connector instance, in Logto's shape: <c>connectorId</c> names the plugin (e.g. <c>oauth2</c>).</summary>
public sealed class ConnectorDefinition
{
    public string? Id { get; set; }

    public string? ConnectorId { get; set; }

    public string? Target { get; set; }

    public string? Name { get; set; }

    public string? Logo { get; set; }

    public JsonElement? Config { get; set; }

    public bool? SyncProfile { get; set; }
}
