using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.OAuth2;

/// <summary>
/// Maps the user info to a <see cref="SocialProfile"/> through the <see cref="OAuth2ProfileMap"/>, as Logto does:
/// falsy values (<c>null</c>, <c>""</c>, <c>false</c>, <c>0</c>) count as absent; the id must be a string or an
/// integer (an integer becomes its decimal text); the other fields must be strings when present.
/// </summary>
internal static class ProfileMapper
{
    private const string Step = "user info";

    public static SocialProfile Map(JsonElement userInfo, OAuth2ProfileMap map)
    {
        ArgumentNullException.ThrowIfNull(map);

        return new SocialProfile(
            Id: ReadId(userInfo, map.Id),
            Email: ReadString(userInfo, "email", map.Email),
            EmailVerified: ReadEmailVerified(userInfo),
            Phone: ReadString(userInfo, "phone", map.Phone),
            Name: ReadString(userInfo, "name", map.Name),
            Avatar: ReadString(userInfo, "avatar", map.Avatar),
            RawData: userInfo);
    }

    private static string ReadId(JsonElement userInfo, string path)
    {
        if (!JsonPath.TryGet(userInfo, path, out var value) || IsFalsy(value, isId: true))
        {
            throw Invalid($"the user info has no 'id' (profileMap.id = '{path}')");
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            // The number's own digits, so an id beyond 2^53 keeps every digit (JavaScript's String() would round it).
            var text = value.GetRawText();
            var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
            if (digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9'))
            {
                return text;
            }

            throw Invalid($"'id' (profileMap.id = '{path}') is a number that is not an integer");
        }

        throw Invalid($"'id' (profileMap.id = '{path}') is {JsonKindText.Describe(value.ValueKind)}, expected a string or an integer");
    }

    private static string? ReadString(JsonElement userInfo, string field, string path)
    {
        if (!JsonPath.TryGet(userInfo, path, out var value) || IsFalsy(value, isId: false))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw Invalid($"'{field}' (profileMap.{field} = '{path}') is {JsonKindText.Describe(value.ValueKind)}, expected a string");
        }

        return value.GetString();
    }

    /// <summary>
    /// True only for the OIDC standard claim <c>email_verified: true</c> at the top level of the user info. Logto has no
    /// such field; plain OAuth 2.0 providers say nothing, so the email counts as unverified unless the provider says so.
    /// A string <c>"true"</c> does not count: a provider that cannot type its claim is not trusted to have verified it.
    /// </summary>
    private static bool ReadEmailVerified(JsonElement userInfo) =>
        userInfo.ValueKind == JsonValueKind.Object
        && userInfo.TryGetProperty("email_verified", out var value)
        && value.ValueKind == JsonValueKind.True;

    // JavaScript's falsy values, which Logto drops before checking types. An id of 0 is kept: it is a real (if odd) id.
    private static bool IsFalsy(JsonElement value, bool isId) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.False or JsonValueKind.Undefined => true,
        JsonValueKind.String => value.GetString()!.Length == 0,
        JsonValueKind.Number => !isId && value.TryGetDouble(out var number) && number == 0,
        _ => false,
    };

    private static ConnectorException Invalid(string problem) => new(ConnectorErrorCode.InvalidResponse, $"{Step}: {problem}");
}
