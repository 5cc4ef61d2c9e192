using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Identity.Admin.Definitions;

namespace Identity.Admin.ManagementApi;

/// <summary>
/// Finds the fields of a PATCH body that its request type does not have, at any depth of its nested objects, each as
/// an error naming the field and the fields that can be changed there. Free-form values (a connector's <c>config</c>,
/// a <see cref="JsonElement"/>) are the plugin's to check.
/// </summary>
internal static class PatchFields
{
    public static IReadOnlyList<DefinitionError> Unknown(JsonElement body, Type type, JsonSerializerOptions options)
    {
        var errors = new List<DefinitionError>();
        Collect(body, type, options, "", errors);
        return errors;
    }

    private static void Collect(JsonElement element, Type type, JsonSerializerOptions options, string path, List<DefinitionError> errors)
    {
        var fields = FieldsOf(type, options);
        var comparer = options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        foreach (var property in element.EnumerateObject())
        {
            var field = path.Length == 0 ? property.Name : $"{path}.{property.Name}";
            var match = fields.FirstOrDefault(f => comparer.Equals(f.Name, property.Name));
            if (match.Name is null)
            {
                errors.Add(new(field, $"cannot be changed here: the fields that can are {string.Join(", ", fields.Select(f => f.Name))}."));
            }
            else if (property.Value.ValueKind == JsonValueKind.Object && IsNestedObject(match.Type))
            {
                Collect(property.Value, match.Type, options, field, errors);
            }
        }
    }

    private static List<(string Name, Type Type)> FieldsOf(Type type, JsonSerializerOptions options) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null && p.GetIndexParameters().Length == 0)
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? options.PropertyNamingPolicy?.ConvertName(p.Name) ?? p.Name,
                Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType))];

    private static bool IsNestedObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);
}
