using System.Globalization;
using System.Text.Json;

namespace Connectors.OAuth2;

/// <summary>
/// Reads a value by a dot-separated path, like Logto's <c>getSafe</c>: <c>data.id</c> walks into objects and a
/// numeric segment indexes an array (<c>items.0.id</c>). Anything that does not resolve is missing, never an error.
/// </summary>
internal static class JsonPath
{
    public static bool TryGet(JsonElement root, string path, out JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(path);

        value = root;
        foreach (var segment in path.Split('.'))
        {
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(segment, out var property))
            {
                value = property;
            }
            else if (value.ValueKind == JsonValueKind.Array && TryParseIndex(segment, out var index) && index < value.GetArrayLength())
            {
                value = value[index];
            }
            else
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    // Only canonical indexes, as in JavaScript: "0" and "12" index an array, "01", "+1" and "1.0" do not.
    private static bool TryParseIndex(string segment, out int index)
    {
        index = -1;
        return segment.Length > 0
            && (segment == "0" || segment[0] != '0')
            && segment.All(char.IsAsciiDigit)
            && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}
