using Identity.Core;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Keys;

/// <summary>The signing algorithms a key can have, and how each key is made and loaded (PKCS#8 private keys).</summary>
public static class SigningAlgorithms
{
    public const string Rs256 = SecurityAlgorithms.RsaSha256;
    public const string Es256 = SecurityAlgorithms.EcdsaSha256;

    /// <summary>The algorithm as stored, or a clear configuration error naming the accepted ones.</summary>
    public static string Validate(string? configured, string setting = nameof(SigningKeyOptions.Algorithm)) => configured?.Trim().ToUpperInvariant() switch
    {
        Rs256 => Rs256,
        Es256 => Es256,
        _ => throw new StartupConfigurationException(
            $"Keys:{setting} '{configured}' is not supported. Use {Rs256} or {Es256}."),
    };

    public static byte[] CreateKeyMaterial(string algorithm)
    {
        switch (algorithm)
        {
            case Es256:
                using (var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    return ecdsa.ExportPkcs8PrivateKey();
                }
            case Rs256:
                using (var rsa = RSA.Create(2048))
                {
                    return rsa.ExportPkcs8PrivateKey();
                }
            default:
                throw Unsupported(algorithm);
        }
    }

    public static AsymmetricSecurityKey ToSecurityKey(string algorithm, byte[] pkcs8, string keyId)
    {
        switch (algorithm)
        {
            case Es256:
                var ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(pkcs8, out _);
                return new ECDsaSecurityKey(ecdsa) { KeyId = keyId };
            case Rs256:
                var rsa = RSA.Create();
                rsa.ImportPkcs8PrivateKey(pkcs8, out _);
                return new RsaSecurityKey(rsa) { KeyId = keyId };
            default:
                throw Unsupported(algorithm, keyId);
        }
    }

    // A stored key of another algorithm is never read as RSA by default: it names itself instead.
    private static InvalidOperationException Unsupported(string algorithm, string? keyId = null) =>
        new($"The signing key{(keyId is null ? "" : $" '{keyId}'")} has the algorithm '{algorithm}', which this server does not support ({Rs256} or {Es256}).");
}
