using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using NSec.Cryptography;

namespace Identity.Core.Accounts;

/// <summary>
/// Hashes passwords with Argon2id (libsodium, through NSec) at OWASP's minimum or stronger, stored in the PHC
/// string format: <c>$argon2id$v=19$m=19456,t=2,p=1$&lt;salt&gt;$&lt;hash&gt;</c> (base64 without padding).
/// Hashes made by ASP.NET Core Identity's own hasher, and Argon2id hashes with weaker parameters, still verify but
/// answer <see cref="PasswordVerificationResult.SuccessRehashNeeded"/>, so the sign-in manager re-hashes them
/// with the current parameters. The password is hashed exactly as given: its UTF-8 bytes, with no trimming,
/// truncation or normalization.
/// </summary>
public sealed class Argon2idPasswordHasher : IPasswordHasher<UserAccount>
{
    /// <summary>Memory cost in KiB (19 MiB, OWASP's minimum for Argon2id).</summary>
    public const int MemorySizeKib = 19 * 1024;

    /// <summary>Number of passes over the memory (OWASP's minimum at 19 MiB).</summary>
    public const int Iterations = 2;

    /// <summary>Degree of parallelism; libsodium computes a single lane.</summary>
    public const int Parallelism = 1;

    private const string Prefix = "$argon2id$";
    private const int Version = 0x13;
    private const int SaltSize = 16;
    private const int HashSize = 32;
    private const int MinHashSize = 16;
    private const int MaxHashSize = 64;

    // Identity's own PBKDF2 hasher, used only to verify hashes stored before Argon2id.
    private static readonly PasswordHasher<UserAccount> LegacyHasher = new();

    private static readonly Argon2id Current = Create(MemorySizeKib, Iterations);

    public string HashPassword(UserAccount user, string password)
    {
        ArgumentNullException.ThrowIfNull(password);

        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var hash = Derive(Current, password, salt, HashSize);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}v={Version}$m={MemorySizeKib},t={Iterations},p={Parallelism}${ToBase64(salt)}${ToBase64(hash)}");
    }

    public PasswordVerificationResult VerifyHashedPassword(UserAccount user, string hashedPassword, string providedPassword)
    {
        ArgumentNullException.ThrowIfNull(hashedPassword);
        ArgumentNullException.ThrowIfNull(providedPassword);

        if (!hashedPassword.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return VerifyLegacy(user, hashedPassword, providedPassword);
        }

        if (!TryParse(hashedPassword, out var memory, out var passes, out var salt, out var expected))
        {
            return PasswordVerificationResult.Failed;
        }

        var algorithm = memory == MemorySizeKib && passes == Iterations ? Current : Create(memory, passes);
        var actual = Derive(algorithm, providedPassword, salt, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerificationResult.Failed;
        }

        return memory < MemorySizeKib || passes < Iterations || expected.Length < HashSize
            ? PasswordVerificationResult.SuccessRehashNeeded
            : PasswordVerificationResult.Success;
    }

    private static PasswordVerificationResult VerifyLegacy(UserAccount user, string hashedPassword, string providedPassword)
    {
        PasswordVerificationResult result;
        try
        {
            result = LegacyHasher.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return PasswordVerificationResult.Failed;
        }

        return result == PasswordVerificationResult.Failed
            ? PasswordVerificationResult.Failed
            : PasswordVerificationResult.SuccessRehashNeeded;
    }

    private static Argon2id Create(int memoryKib, int passes) =>
        PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = Parallelism,
            MemorySize = memoryKib,
            NumberOfPasses = passes,
        });

    // On the hashing lanes: one hash per core at a time, so at most one 19 MiB mapping per core (see HashingLanes).
    private static byte[] Derive(Argon2id algorithm, string password, byte[] salt, int count) =>
        HashingLanes.Shared.Run(() => DeriveHere(algorithm, password, salt, count));

    private static byte[] DeriveHere(Argon2id algorithm, string password, byte[] salt, int count)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            var output = new byte[count];
            algorithm.DeriveBytes(passwordBytes, salt, output);
            return output;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    // Accepts only what this hasher can verify: version 19, one lane, a 16-byte salt, sane costs and hash length.
    private static bool TryParse(string value, out int memory, out int passes, out byte[] salt, out byte[] hash)
    {
        memory = 0;
        passes = 0;
        salt = [];
        hash = [];

        // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
        var parts = value.Split('$');
        if (parts.Length != 6 || parts[2] != "v=19")
        {
            return false;
        }

        var costs = parts[3].Split(',');
        if (costs.Length != 3
            || !TryParseCost(costs[0], "m=", out memory)
            || !TryParseCost(costs[1], "t=", out passes)
            || !TryParseCost(costs[2], "p=", out var lanes)
            || lanes != Parallelism
            || memory < 8 || memory > 4 * 1024 * 1024
            || passes < 1 || passes > 64)
        {
            return false;
        }

        return TryFromBase64(parts[4], out salt) && salt.Length == SaltSize
            && TryFromBase64(parts[5], out hash) && hash.Length is >= MinHashSize and <= MaxHashSize;
    }

    private static bool TryParseCost(string part, string name, out int value)
    {
        value = 0;
        return part.StartsWith(name, StringComparison.Ordinal)
            && int.TryParse(part.AsSpan(name.Length), NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // PHC strings use base64 without its '=' padding.
    private static string ToBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryFromBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Contains('=', StringComparison.Ordinal) || text.Length % 4 == 1)
        {
            return false;
        }

        var padded = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
        var buffer = new byte[padded.Length / 4 * 3];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        // Only the canonical encoding: unused trailing bits must be zero, so one hash has one spelling.
        bytes = buffer[..written];
        return ToBase64(bytes) == text;
    }
}
