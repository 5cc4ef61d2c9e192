using System.Text.Json.Nodes;
using Identity.Core.Social;

namespace Identity.Admin.Definitions;

/// <summary>A connector's stored config as the admin doors show it.</summary>
public static class MaskedConnectorConfig
{
    /// <summary>
    /// The stored config with its secrets replaced by <see cref="ConnectorSecrets.Mask"/>, for showing to admins, and so is the user name
    /// and password of any URL in it (refused since, but a config may have been stored before).
    /// </summary>
    public static JsonObject Of(string storedConfig, IReadOnlySet<string> secretFields)
    {
        var node = JsonNode.Parse(storedConfig)!.AsObject();
        foreach (var field in secretFields.Where(node.ContainsKey))
        {
            node[field] = ConnectorSecrets.Mask;
        }
        foreach (var (field, value) in node.ToList())
        {
            if (value is JsonValue text && text.TryGetValue<string>(out var url) &&
                ConnectorEndpointRules.MaskUserInfo(url, ConnectorSecrets.Mask) is var masked && masked != url)
            {
                node[field] = masked;
            }
        }
        return node;
    }
}
