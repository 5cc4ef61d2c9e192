using System.Buffers.Text;
using System.Text.Json;

namespace Identity.Testing;

/// <summary>Reads a JWT's header and payload (the signature is checked by the client-library tests, not here).</summary>
public static class Jwt
{
    public static JsonElement Header(string token) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[0])).RootElement.Clone();

    public static JsonElement Payload(string token) =>
        JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement.Clone();
}
