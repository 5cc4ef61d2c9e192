using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Identity.EndToEnd.Tests;

/// <summary>A PKCE pair (RFC 7636) with the S256 method, the only one the server accepts.</summary>
public sealed record Pkce(string Verifier, string Challenge)
{
    public const string Method = "S256";

    public static Pkce Create()
    {
        // 32 random bytes give a 43-character verifier, the shortest RFC 7636 allows and what the SDKs send.
        var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return new Pkce(verifier, challenge);
    }
}
