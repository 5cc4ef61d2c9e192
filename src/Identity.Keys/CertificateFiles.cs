using Identity.Core;
using System.Security.Cryptography.X509Certificates;

namespace Identity.Keys;

/// <summary>Reads a certificate with its private key from files: PKCS#12 (<c>.pfx</c>, <c>.p12</c>) or PEM. No certificate store needed.</summary>
public static class CertificateFiles
{
    /// <param name="path">The certificate file; relative paths are relative to <paramref name="contentRoot"/>.</param>
    /// <param name="password">The PKCS#12 password, or the password of an encrypted PEM private key.</param>
    /// <param name="keyPath">A PEM private key file, when it is not in the PEM certificate file itself.</param>
    /// <param name="setting">The configuration key named in error messages.</param>
    public static X509Certificate2 Load(string path, string? password, string? keyPath, string contentRoot, string setting)
    {
        var fullPath = Path.GetFullPath(path, contentRoot);
        var fullKeyPath = keyPath is { Length: > 0 } ? Path.GetFullPath(keyPath, contentRoot) : null;
        if (!File.Exists(fullPath))
        {
            throw new StartupConfigurationException($"{setting}: the certificate file '{fullPath}' does not exist.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = Path.GetExtension(fullPath).ToLowerInvariant() is ".pfx" or ".p12"
                ? X509CertificateLoader.LoadPkcs12FromFile(fullPath, password)
                : password is { Length: > 0 }
                    ? X509Certificate2.CreateFromEncryptedPemFile(fullPath, password, fullKeyPath)
                    : X509Certificate2.CreateFromPemFile(fullPath, fullKeyPath);
        }
        catch (System.Security.Cryptography.CryptographicException exception)
        {
            throw new StartupConfigurationException($"{setting}: the certificate '{fullPath}' cannot be read ({exception.Message}).");
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new StartupConfigurationException($"{setting}: the certificate '{fullPath}' has no private key (give a .pfx, or the PEM key file too).");
        }
        return certificate;
    }
}
