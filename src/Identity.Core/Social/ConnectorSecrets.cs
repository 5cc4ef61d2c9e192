using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;

namespace Identity.Core.Social;

/// <summary>
/// Encrypts a connector config's secret fields (the plugin names them) before it is stored, and decrypts them when the
/// connector is built. Encrypted values are strings prefixed with <see cref="Prefix"/>; everything else stays readable.
/// </summary>
public sealed class ConnectorSecrets(IDataProtectionProvider dataProtection)
{
    public const string Prefix = "enc:v1:";

    /// <summary>What the admin doors show instead of a secret (see the admin's MaskedConnectorConfig).</summary>
    public const string Mask = "********";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Identity.Connectors.Secrets.v1");

    public string Protect(JsonElement config, IReadOnlySet<string> secretFields) =>
        Transform(config, secretFields, value => value.StartsWith(Prefix, StringComparison.Ordinal) ? value : Prefix + _protector.Protect(value));

    public JsonElement Unprotect(string storedConfig, IReadOnlySet<string> secretFields) =>
        JsonDocument.Parse(Transform(JsonDocument.Parse(storedConfig).RootElement, secretFields,
            value => value.StartsWith(Prefix, StringComparison.Ordinal) ? _protector.Unprotect(value[Prefix.Length..]) : value)).RootElement.Clone();

    private static string Transform(JsonElement config, IReadOnlySet<string> secretFields, Func<string, string> transform)
    {
        var node = JsonNode.Parse(config.GetRawText())!.AsObject();
        foreach (var field in secretFields)
        {
            if (node[field] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0)
            {
                node[field] = transform(text);
            }
        }
        return node.ToJsonString();
    }
}
