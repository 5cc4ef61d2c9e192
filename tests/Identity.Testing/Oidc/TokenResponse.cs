using System.Text.Json;

namespace Identity.Testing;

/// <summary>A JSON answer of the token, revocation or introspection endpoint.</summary>
public sealed record TokenResponse(int Status, string Raw, JsonElement Json, bool NoStore)
{
    public bool IsSuccess => Status == 200;

    public string? Get(string name) => Json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public string? AccessToken => Get("access_token");

    public string? RefreshToken => Get("refresh_token");

    public string? IdToken => Get("id_token");

    public string? Error => Get("error");
}
