using System.Security.Cryptography;
using Identity.Server.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Server.Keys;

/// <summary>
/// The token signing key (RSA, RS256: what every OpenID Connect client must support) and the token encryption key
/// (AES-256, for the codes and refresh tokens only this server reads). Generated once, stored protected in the
/// database, so every instance signs with the same keys and restarts keep issued tokens valid.
/// </summary>
public sealed class SigningKeyRing
{
    private const string SignatureUse = "sig";
    private const string EncryptionUse = "enc";
    private const string ProtectorPurpose = "Identity.Server.SigningKeys.v1";

    private IReadOnlyList<SecurityKey>? _signingKeys;
    private IReadOnlyList<SecurityKey>? _encryptionKeys;

    public IReadOnlyList<SecurityKey> SigningKeys =>
        _signingKeys ?? throw new InvalidOperationException("The signing keys are read at start-up, before the server takes requests.");

    public IReadOnlyList<SecurityKey> EncryptionKeys =>
        _encryptionKeys ?? throw new InvalidOperationException("The encryption keys are read at start-up, before the server takes requests.");

    /// <summary>Loads the keys, creating the first ones on an empty database.</summary>
    public async Task LoadAsync(IdentityDataContext db, IDataProtectionProvider dataProtection, TimeProvider clock, CancellationToken cancellationToken)
    {
        var protector = dataProtection.CreateProtector(ProtectorPurpose);
        await EnsureKeyAsync(db, protector, SignatureUse, SecurityAlgorithms.RsaSha256, CreateRsaMaterial, clock, cancellationToken);
        await EnsureKeyAsync(db, protector, EncryptionUse, SecurityAlgorithms.Aes256KW, CreateAesMaterial, clock, cancellationToken);

        // Every instance orders the keys the same way, so they all sign with the same (first) key.
        // (Ordered in memory: SQLite cannot order by DateTimeOffset, and there are only a handful of keys.)
        var records = (await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken))
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
        _signingKeys = [.. records.Where(r => r.Use == SignatureUse).Select(r => ToRsaKey(r, protector))];
        _encryptionKeys = [.. records.Where(r => r.Use == EncryptionUse).Select(r => ToSymmetricKey(r, protector))];
    }

    private static async Task EnsureKeyAsync(IdentityDataContext db, IDataProtector protector, string use, string algorithm,
        Func<byte[]> createMaterial, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await db.SigningKeys.AnyAsync(k => k.Use == use, cancellationToken))
        {
            return;
        }

        var material = createMaterial();
        db.SigningKeys.Add(new SigningKeyRecord
        {
            Id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16)),
            Use = use,
            Algorithm = algorithm,
            ProtectedMaterial = Convert.ToBase64String(protector.Protect(material)),
            CreatedAt = clock.GetUtcNow(),
        });
        CryptographicOperations.ZeroMemory(material);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private static byte[] CreateRsaMaterial()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKey();
    }

    private static byte[] CreateAesMaterial() => RandomNumberGenerator.GetBytes(32);

    private static RsaSecurityKey ToRsaKey(SigningKeyRecord record, IDataProtector protector)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(protector.Unprotect(Convert.FromBase64String(record.ProtectedMaterial)), out _);
        return new RsaSecurityKey(rsa) { KeyId = record.Id };
    }

    private static SymmetricSecurityKey ToSymmetricKey(SigningKeyRecord record, IDataProtector protector) =>
        new SymmetricSecurityKey(protector.Unprotect(Convert.FromBase64String(record.ProtectedMaterial))) { KeyId = record.Id };
}
