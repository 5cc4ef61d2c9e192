using Identity.Data;
using Identity.Core;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Identity.Keys;

/// <summary>
/// The Data Protection key ring (cookies, antiforgery tokens, session tickets, connector secrets and the generated
/// token keys are all protected with it): one ring for every instance, in the database, so restarts and other
/// instances read what any instance wrote.
/// <para>
/// At rest, the ring's keys are encrypted with a certificate from a file (<c>DataProtection:CertificatePath</c>): it
/// works on Linux and in containers without a certificate store, every instance gets the same file, and a copy of the
/// database alone (a backup, a replica) then reveals no key. The alternatives were weighed: Windows DPAPI and the
/// certificate store are per machine; a key in a file next to the database protects nothing when the database is a
/// file there too (SQLite).
/// </para>
/// <para>
/// Without a certificate, outside Development, the server refuses to start unless
/// <c>DataProtection:AllowUnprotectedKeys</c> is <c>true</c>: the ring in clear next to everything it protects is a
/// choice an operator should make knowingly, not a default (ASP.NET only logs "No XML encryptor configured").
/// Development (<c>dotnet run</c>, the quick start) needs neither; the test hosts say <c>AllowUnprotectedKeys</c>
/// explicitly, or configure a certificate.
/// </para>
/// </summary>
public static class DataProtectionRegistration
{
    public const string Section = "DataProtection";

    public static IDataProtectionBuilder AddSharedDataProtection(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment, string applicationName)
    {
        // Keys are created by DataProtectionKeyRing alone, never inside a request's or a seed's transaction.
        var builder = services.AddDataProtection()
            .SetApplicationName(applicationName)
            .PersistKeysToDbContext<IdentityDataContext>()
            .DisableAutomaticKeyGeneration();
        services.AddSingleton<DataProtectionKeyRing>();
        services.AddHostedService<DataProtectionKeyMaintenance>();

        var section = configuration.GetSection(Section);
        if (section["CertificatePath"] is { Length: > 0 } path)
        {
            var certificate = CertificateFiles.Load(path, section["CertificatePassword"], section["CertificateKeyPath"],
                environment.ContentRootPath, $"{Section}:CertificatePath");

            // New keys are encrypted with the current certificate; keys written under an earlier certificate still
            // decrypt with it while it is listed in DataProtection:PreviousCertificates (so the certificate can be renewed).
            var previous = section.GetSection("PreviousCertificates").GetChildren()
                .Where(c => c["Path"] is { Length: > 0 })
                .Select(c => CertificateFiles.Load(c["Path"]!, c["Password"], c["KeyPath"], environment.ContentRootPath, $"{c.Path}:Path"));
            builder.ProtectKeysWithCertificate(certificate);
            builder.UnprotectKeysWithAnyCertificate([certificate, .. previous]);
        }
        else if (!environment.IsDevelopment() && !section.GetValue("AllowUnprotectedKeys", defaultValue: false))
        {
            throw new StartupConfigurationException(
                "The Data Protection key ring (which protects cookies, sessions, connector secrets and the token signing keys) " +
                "would be stored unencrypted in the database. Set DataProtection:CertificatePath (a .pfx with " +
                "DataProtection:CertificatePassword, or a PEM certificate with DataProtection:CertificateKeyPath) to encrypt it, " +
                "or set DataProtection:AllowUnprotectedKeys=true to accept that a copy of the database reveals every key.");
        }
        else
        {
            // The unencrypted ring is a choice made above (or Development): say so in each stored key, as ASP.NET's
            // null encryptor does, instead of ASP.NET's "No XML encryptor configured" warning on every new key, which
            // would otherwise open each CLI command's output.
            services.Configure<KeyManagementOptions>(options => options.XmlEncryptor = new NullXmlEncryptor());
        }
        return builder;
    }
}
