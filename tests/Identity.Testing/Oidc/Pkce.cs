using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Identity.Testing;

/// <summary>A PKCE pair (RFC 7636) with the S256 method, the only one the server accepts.</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public const string Method = "S256";

    public static Pkce Create()
    {
        // 32 random bytes give a 43-character verifier, the shortest RFC 7636 allows and what the SDKs send.
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return new Pkce(verifier, S256(verifier));
    }

    /// <summary>The S256 challenge of a verifier: the base64url of its SHA-256.</summary>
    public static string S256(string verifier) => Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
