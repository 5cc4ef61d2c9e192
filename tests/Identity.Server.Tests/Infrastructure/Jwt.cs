using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Server.Tests.Infrastructure;

/// <summary>Reads a JWT's payload (the signature is checked by the client-library tests, not here).</summary>
public static class Jwt
{
    public static JsonElement Payload(string token) =>
        JsonDocument.Parse(Base64UrlEncoder.Decode(token.Split('.')[1])).RootElement.Clone();
}
