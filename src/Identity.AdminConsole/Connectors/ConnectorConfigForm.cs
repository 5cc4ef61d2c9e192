using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Core.Social;
using Microsoft.AspNetCore.Http;

namespace Identity.AdminConsole.Connectors;

/// <summary>
/// A form generated from a plugin's config JSON Schema: a field per top-level property, filled from a (masked) config,
/// and read back into a config. Properties fixed by the schema (<c>const</c>) are not shown and keep their stored value.
/// </summary>
public static class ConnectorConfigForm
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IReadOnlyList<ConfigField> Fields(JsonObject schema, IReadOnlyCollection<string> secretFields)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var required = (schema["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).ToHashSet(StringComparer.Ordinal) ?? [];
        var fields = new List<ConfigField>();
        foreach (var (name, node) in schema["properties"] as JsonObject ?? [])
        {
            if (node is not JsonObject property || KindOf(name, property, secretFields) is not { } kind)
            {
                continue;
            }
            var choices = (property["enum"] as JsonArray)?.Select(c => c?.ToString() ?? "").ToList() ?? [];
            fields.Add(new ConfigField(name, kind, required.Contains(name), property["description"]?.GetValue<string>(), choices,
                property["default"] is { } value ? Write(value) : null));
        }
        return fields;
    }

    /// <summary>What the form shows for a stored config: secrets never (the masked config has none anyway).</summary>
    public static Dictionary<string, string?> Values(IReadOnlyList<ConfigField> fields, JsonObject? config) =>
        fields.ToDictionary(f => f.Name, f => f.Kind == ConfigFieldKind.Secret ? null
            : config is null ? f.Default : config[f.Name] is { } value ? Write(value) : null, StringComparer.Ordinal);

    /// <summary>
    /// The config the form describes, on top of <paramref name="stored"/> (the masked stored config when editing, so keys
    /// the form does not show are kept). An empty secret keeps the stored one when editing. Unreadable JSON is an error
    /// at its field; <paramref name="values"/> gets what was typed (secrets excepted), to show again.
    /// </summary>
    public static JsonObject Read(IFormCollection form, IReadOnlyList<ConfigField> fields, JsonObject? stored,
        FieldErrors errors, Dictionary<string, string?> values)
    {
        var config = stored?.DeepClone().AsObject() ?? [];
        foreach (var field in fields)
        {
            var text = form[field.Path].ToString();
            values[field.Name] = field.Kind == ConfigFieldKind.Secret ? null : text;
            if (field.Kind == ConfigFieldKind.Boolean)
            {
                config[field.Name] = text == "true";
            }
            else if (string.IsNullOrWhiteSpace(text))
            {
                // An empty secret while editing: the mask, which the service replaces with the stored value.
                if (field.Kind == ConfigFieldKind.Secret && stored is not null)
                {
                    config[field.Name] = ConnectorSecrets.Mask;
                }
                else
                {
                    config.Remove(field.Name);
                }
            }
            else
            {
                config[field.Name] = Parse(field, text.Trim(), errors);
            }
        }
        return config;
    }

    private static JsonNode? Parse(ConfigField field, string text, FieldErrors errors)
    {
        switch (field.Kind)
        {
            case ConfigFieldKind.Number when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole):
                return whole;
            case ConfigFieldKind.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                return number;
            case ConfigFieldKind.Json:
                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException)
                {
                    errors.Add(field.Path, "is not valid JSON.");
                    return null;
                }
            default:
                // A number that does not parse is sent as text: the plugin's validation names the field.
                return text;
        }
    }

    private static ConfigFieldKind? KindOf(string name, JsonObject property, IReadOnlyCollection<string> secretFields)
    {
        var type = (property["type"] as JsonValue)?.GetValue<string>();
        return secretFields.Contains(name) || property["writeOnly"] is JsonValue { } w && w.GetValue<bool>() ? ConfigFieldKind.Secret
            : property["enum"] is JsonArray ? ConfigFieldKind.Choice
            : type switch
            {
                "boolean" => ConfigFieldKind.Boolean,
                "integer" or "number" => ConfigFieldKind.Number,
                "object" or "array" => ConfigFieldKind.Json,
                "string" => property["format"]?.GetValue<string>() == "uri" ? ConfigFieldKind.Url : ConfigFieldKind.Text,
                _ => null,
            };
    }

    private static string Write(JsonNode value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        JsonValue v when v.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        JsonValue v => v.ToJsonString(),
        _ => value.ToJsonString(Indented),
    };
}
