using System.Text.Json;

namespace Connectors.OAuth2;

/// <summary>Names a JSON value's type the way an admin reads it in a message ("is a number, expected a string").</summary>
internal static class JsonKindText
{
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => "missing",
    };
}
