using System.Net;
using System.Text.Json;

namespace Identity.Server.Tests.Infrastructure;

/// <summary>
/// What the differential tests of the direct token paths compare first: two token endpoint answers to the same request,
/// one from a server with the direct path and one without, alike in status, content type, cache and authentication
/// headers, JSON members, and (for a success) token type, scope and expiry.
/// </summary>
public static class SameTokenAnswer
{
    /// <returns>Both JSON bodies when the answers are successes, whose tokens the caller compares next; null for equal errors.</returns>
    public static (JsonElement Theirs, JsonElement Ours)? Assert(HttpResponseMessage theirs, string theirsBody, HttpResponseMessage ours, string oursBody)
    {
        Xunit.Assert.Equal(theirs.StatusCode, ours.StatusCode);
        Xunit.Assert.Equal(theirs.Content.Headers.ContentType?.ToString(), ours.Content.Headers.ContentType?.ToString());
        foreach (var header in new[] { "Cache-Control", "Pragma", "WWW-Authenticate" })
        {
            Xunit.Assert.Equal(Header(theirs, header), Header(ours, header));
        }
        Xunit.Assert.Equal(theirs.Content.Headers.Expires, ours.Content.Headers.Expires);

        var oursJson = JsonDocument.Parse(oursBody).RootElement;
        var theirsJson = JsonDocument.Parse(theirsBody).RootElement;
        Xunit.Assert.Equal(Members(theirsJson), Members(oursJson));
        if (theirs.StatusCode != HttpStatusCode.OK)
        {
            Xunit.Assert.Equal(theirsBody, oursBody);
            return null;
        }

        Xunit.Assert.Equal(theirsJson.GetProperty("token_type").GetString(), oursJson.GetProperty("token_type").GetString());
        Xunit.Assert.Equal(Text(theirsJson, "scope"), Text(oursJson, "scope"));
        Xunit.Assert.InRange(oursJson.GetProperty("expires_in").GetInt64() - theirsJson.GetProperty("expires_in").GetInt64(), -1, 1);
        return (theirsJson, oursJson);
    }

    public static List<string> Members(JsonElement json) => [.. json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];

    /// <summary>A token's header as sorted name=value pairs, without the members named (the key id differs per server).</summary>
    public static string Shape(JsonElement header, params string[] except) => string.Join(",", header.EnumerateObject()
        .Where(p => !except.Contains(p.Name)).Select(p => $"{p.Name}={p.Value.GetRawText()}").Order(StringComparer.Ordinal));

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    private static string? Text(JsonElement json, string name) => json.TryGetProperty(name, out var value) ? value.GetString() : null;
}
