using System.Security.Cryptography;
using System.Text;
using Identity.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Keys;

/// <summary>
/// The token signing keys (RSA, RS256: what every OpenID Connect client must support) and the token encryption key
/// (AES-256, for the codes and refresh tokens only this server reads). Generated once, stored protected in the
/// database, so every instance signs with the same keys and restarts keep issued tokens valid.
/// <para>
/// Signing keys roll over (see <see cref="SigningKeySchedule"/>, the one place that decides which key signs):
/// <see cref="RotateAsync"/> (<c>keys rotate</c>, or on a schedule) adds a key that is published at once and signs
/// only later. Every instance re-reads the keys from the database (<see cref="ReloadAsync"/>, every
/// <see cref="SigningKeyOptions.ReloadInterval"/>) and then rebuilds OpenIddict's options through the change tokens
/// below; which key signs and which are published is decided per request, so time alone moves a key along.
/// </para>
/// </summary>
public sealed class SigningKeyRing(IOptions<SigningKeyOptions> options) : IDisposable
{
    public const string SignatureUse = "sig";
    public const string EncryptionUse = "enc";
    private const string ProtectorPurpose = "Identity.Server.SigningKeys.v1";

    private readonly Lock _gate = new();
    private Snapshot? _snapshot;
    private IReadOnlySet<string> _builtSigningKeyIds = new HashSet<string>();
    private CancellationTokenSource _serverOptionsChanged = new();
    private CancellationTokenSource _validationOptionsChanged = new();

    private sealed record Snapshot(
        IReadOnlyList<SigningKeyRecord> SigningRecords,
        IReadOnlyDictionary<string, SecurityKey> SigningKeys,
        IReadOnlyList<SecurityKey> EncryptionKeys);

    public SigningKeyOptions Options => options.Value;

    private Snapshot Current =>
        Volatile.Read(ref _snapshot) ?? throw new InvalidOperationException("The signing keys are read at start-up, before the server takes requests.");

    public IReadOnlyList<SecurityKey> EncryptionKeys => Current.EncryptionKeys;

    /// <summary>Every generated signing key with the times of its life, for the given token lifetimes.</summary>
    public IReadOnlyList<ScheduledSigningKey> Plan(TokenLifetimes lifetimes) => SigningKeySchedule.Plan(Current.SigningRecords, Options, lifetimes);

    /// <summary>The private key of a generated signing key.</summary>
    public SecurityKey SigningKey(string id) => Current.SigningKeys[id];

    /// <summary>Fires (before <see cref="ValidationOptionsChangeToken"/>) when OpenIddict's server options must be rebuilt.</summary>
    public IChangeToken ServerOptionsChangeToken()
    {
        lock (_gate) return new CancellationChangeToken(_serverOptionsChanged.Token);
    }

    /// <summary>Fires after <see cref="ServerOptionsChangeToken"/>: the validation options copy the server's keys.</summary>
    public IChangeToken ValidationOptionsChangeToken()
    {
        lock (_gate) return new CancellationChangeToken(_validationOptionsChanged.Token);
    }

    /// <summary>Loads the keys, creating the first ones on an empty database.</summary>
    public async Task LoadAsync(IdentityDataContext db, IDataProtectionProvider dataProtection, TimeProvider clock, CancellationToken cancellationToken)
    {
        var protector = dataProtection.CreateProtector(ProtectorPurpose);
        // One creation time for the keys of an empty ring: they all sign at once (see SigningKeySchedule). A family
        // configured later gets its first key now, published first, signing after the activation delay.
        var now = clock.GetUtcNow();
        foreach (var algorithm in Options.Families())
        {
            await EnsureKeyAsync(db, protector, SignatureUse, algorithm, () => SigningAlgorithms.CreateKeyMaterial(algorithm), now, cancellationToken);
        }
        await EnsureKeyAsync(db, protector, EncryptionUse, SecurityAlgorithms.Aes256KW, CreateAesMaterial, now, cancellationToken);
        await ReloadAsync(db, dataProtection, cancellationToken);
    }

    /// <summary>
    /// Re-reads the keys from the database; when another instance or the CLI added or removed one, swaps them in and
    /// has OpenIddict's options rebuilt. Returns whether anything changed.
    /// </summary>
    public async Task<bool> ReloadAsync(IdentityDataContext db, IDataProtectionProvider dataProtection, CancellationToken cancellationToken)
    {
        var records = await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken);
        var previous = Volatile.Read(ref _snapshot);
        if (previous is not null && SameKeys(previous, records))
        {
            return false;
        }

        // Every instance orders the keys the same way (encryption: the first encrypts, all decrypt).
        records = [.. records.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];
        var protector = dataProtection.CreateProtector(ProtectorPurpose);
        var signing = records.Where(r => r.Use == SignatureUse).ToList();
        var snapshot = new Snapshot(
            signing,
            signing.ToDictionary(r => r.Id, r => previous?.SigningKeys.GetValueOrDefault(r.Id) ?? ToSigningKey(r, protector), StringComparer.Ordinal),
            [.. records.Where(r => r.Use == EncryptionUse).Select(r => ToSymmetricKey(r, protector))]);
        Volatile.Write(ref _snapshot, snapshot);
        if (previous is not null)
        {
            SignalChange();
        }
        return true;
    }

    /// <summary>Records which generated signing keys the options were built with (see <see cref="SignalIfExpiredKeysChanged"/>).</summary>
    public void OptionsBuiltWith(IEnumerable<string> signingKeyIds)
    {
        lock (_gate) _builtSigningKeyIds = signingKeyIds.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Has the options rebuilt when a key expired since they were built (so it is no longer loaded at all).</summary>
    public void SignalIfExpiredKeysChanged(TokenLifetimes lifetimes, DateTimeOffset now)
    {
        var loaded = Plan(lifetimes).Where(k => k.StateAt(now) != SigningKeyState.Expired).Select(k => k.Id).ToHashSet(StringComparer.Ordinal);
        bool changed;
        lock (_gate) changed = !loaded.SetEquals(_builtSigningKeyIds);
        if (changed)
        {
            SignalChange();
        }
    }

    /// <summary>
    /// Adds a signing key after the newest one of each configured algorithm (<see cref="SigningKeyOptions.Families"/>):
    /// published at once, signing after <see cref="SigningKeyOptions.ActivationDelay"/>. Its id is derived from the
    /// newest key's of its algorithm, and ids are the table's primary key: when two instances (or an instance and the
    /// CLI) rotate at the same moment, the database keeps one key and the other gets <c>added: false</c>.
    /// </summary>
    public async Task<IReadOnlyList<(SigningKeyRecord Key, bool Added)>> RotateAsync(IdentityDataContext db, IDataProtectionProvider dataProtection,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var keys = await SigningKeysAsync(db, cancellationToken);
        if (keys.Count == 0)
        {
            throw new InvalidOperationException("There is no signing key yet: start the server once (or run 'migrate') first.");
        }
        var rotated = new List<(SigningKeyRecord, bool)>();
        foreach (var algorithm in Options.Families())
        {
            rotated.Add(await AddSuccessorAsync(db, dataProtection, NewestOf(keys, algorithm) ?? keys[^1], algorithm, clock, cancellationToken));
        }
        return rotated;
    }

    /// <summary>
    /// Rotates each configured algorithm whose newest key is <see cref="SigningKeyOptions.RotationInterval"/> old (when
    /// set); returns the keys added.
    /// </summary>
    public async Task<IReadOnlyList<SigningKeyRecord>> RotateIfDueAsync(IdentityDataContext db, IDataProtectionProvider dataProtection, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (Options.RotationInterval is not { } interval || interval <= TimeSpan.Zero)
        {
            return [];
        }
        var keys = await SigningKeysAsync(db, cancellationToken);
        var added = new List<SigningKeyRecord>();
        foreach (var algorithm in Options.Families())
        {
            if (NewestOf(keys, algorithm) is { } newest && clock.GetUtcNow() >= newest.CreatedAt + interval
                && await AddSuccessorAsync(db, dataProtection, newest, algorithm, clock, cancellationToken) is (var key, true))
            {
                added.Add(key);
            }
        }
        return added;
    }

    private static async Task<(SigningKeyRecord Key, bool Added)> AddSuccessorAsync(IdentityDataContext db, IDataProtectionProvider dataProtection,
        SigningKeyRecord newest, string algorithm, TimeProvider clock, CancellationToken cancellationToken)
    {
        var id = SuccessorId(newest.Id);
        var material = SigningAlgorithms.CreateKeyMaterial(algorithm);
        var record = new SigningKeyRecord
        {
            Id = id,
            Use = SignatureUse,
            Algorithm = algorithm,
            ProtectedMaterial = Convert.ToBase64String(dataProtection.CreateProtector(ProtectorPurpose).Protect(material)),
            CreatedAt = clock.GetUtcNow(),
        };
        CryptographicOperations.ZeroMemory(material);
        db.SigningKeys.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (record, true);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var existing = await db.SigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Id == id, cancellationToken);
            if (existing is null)
            {
                throw;
            }
            return (existing, false);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    // Oldest first.
    private static async Task<List<SigningKeyRecord>> SigningKeysAsync(IdentityDataContext db, CancellationToken cancellationToken) =>
        [.. (await db.SigningKeys.AsNoTracking().Where(k => k.Use == SignatureUse).ToListAsync(cancellationToken))
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.Id, StringComparer.Ordinal)];

    private static SigningKeyRecord? NewestOf(List<SigningKeyRecord> keys, string algorithm) => keys.LastOrDefault(k => k.Algorithm == algorithm);

    /// <summary>The id of the key that follows <paramref name="id"/>: the same on every instance, so only one can be stored.</summary>
    private static string SuccessorId(string id) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.UTF8.GetBytes("Identity.Server.SigningKeys.successor:" + id)))[..22];

    private void SignalChange()
    {
        CancellationTokenSource server, validation;
        lock (_gate)
        {
            (server, _serverOptionsChanged) = (_serverOptionsChanged, new CancellationTokenSource());
            (validation, _validationOptionsChanged) = (_validationOptionsChanged, new CancellationTokenSource());
        }

        // The server's options first: rebuilding the validation options reads them.
        server.Cancel();
        validation.Cancel();
        server.Dispose();
        validation.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _serverOptionsChanged.Dispose();
            _validationOptionsChanged.Dispose();
        }
    }

    private static bool SameKeys(Snapshot snapshot, List<SigningKeyRecord> records) =>
        records.Count == snapshot.SigningRecords.Count + snapshot.EncryptionKeys.Count
        && records.Where(r => r.Use == SignatureUse).Select(r => r.Id).ToHashSet(StringComparer.Ordinal)
            .SetEquals(snapshot.SigningRecords.Select(r => r.Id))
        && records.Where(r => r.Use == EncryptionUse).Select(r => r.Id).ToHashSet(StringComparer.Ordinal)
            .SetEquals(snapshot.EncryptionKeys.Select(k => k.KeyId));

    private static async Task EnsureKeyAsync(IdentityDataContext db, IDataProtector protector, string use, string algorithm,
        Func<byte[]> createMaterial, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Encryption keys: any one will do. Signing keys: one per configured algorithm.
        if (await db.SigningKeys.AnyAsync(k => k.Use == use && (use == EncryptionUse || k.Algorithm == algorithm), cancellationToken))
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
            CreatedAt = now,
        });
        CryptographicOperations.ZeroMemory(material);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private static byte[] CreateAesMaterial() => RandomNumberGenerator.GetBytes(32);

    private static AsymmetricSecurityKey ToSigningKey(SigningKeyRecord record, IDataProtector protector)
    {
        var material = protector.Unprotect(Convert.FromBase64String(record.ProtectedMaterial));
        try
        {
            return SigningAlgorithms.ToSecurityKey(record.Algorithm, material, record.Id);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    private static SymmetricSecurityKey ToSymmetricKey(SigningKeyRecord record, IDataProtector protector) =>
        new(protector.Unprotect(Convert.FromBase64String(record.ProtectedMaterial))) { KeyId = record.Id };
}
