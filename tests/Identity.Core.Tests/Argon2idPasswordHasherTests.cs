using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Identity.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using NSec.Cryptography;

namespace Identity.Core.Tests;

public class Argon2idPasswordHasherTests
{
    private const string Password = "violet-harbour-Quantum-7-teapot";

    private readonly Argon2idPasswordHasher hasher = new();
    private readonly UserAccount user = new() { UserName = "alice" };

    [Fact]
    public void Verify_SamePassword_Succeeds()
    {
        var hash = hasher.HashPassword(user, Password);

        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, hash, Password));
    }

    [Fact]
    public void Verify_WrongPassword_Fails()
    {
        var hash = hasher.HashPassword(user, Password);

        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, hash, Password + "x"));
    }

    [Theory]
    [InlineData(Password + " ")]
    [InlineData(" " + Password)]
    public void Verify_SurroundingSpace_IsADifferentPassword(string typed)
    {
        var hash = hasher.HashPassword(user, Password);

        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, hash, typed));
        Assert.Equal(PasswordVerificationResult.Failed,
            hasher.VerifyHashedPassword(user, hasher.HashPassword(user, typed), Password));
    }

    [Fact]
    public void Verify_256CharacterUnicodePassphrase_RoundTripsWithoutTruncation()
    {
        var passphrase = string.Concat(Enumerable.Repeat("пароль-密码-ß✓", 24))[..256];
        Assert.Equal(256, passphrase.Length);
        var hash = hasher.HashPassword(user, passphrase);

        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, hash, passphrase));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, hash, passphrase[..255]));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, hash, passphrase[..72]));
    }

    [Fact]
    public void HashPassword_StoresArgon2idAtOwaspMinimumInPhcFormat()
    {
        var hash = hasher.HashPassword(user, Password);

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", hash, StringComparison.Ordinal);
        var parts = hash.Split('$');
        Assert.Equal(6, parts.Length);
        Assert.Equal(16, Convert.FromBase64String(parts[4] + "==").Length);
        Assert.Equal(32, Convert.FromBase64String(parts[5] + "=").Length);
    }

    [Fact]
    public void HashPassword_SamePasswordTwice_DiffersBySalt()
    {
        Assert.NotEqual(hasher.HashPassword(user, Password), hasher.HashPassword(user, Password));
    }

    [Fact]
    public void Verify_IdentityV3Hash_SucceedsAndAsksForRehash()
    {
        var legacy = new PasswordHasher<UserAccount>().HashPassword(user, Password);
        Assert.Equal(0x01, Convert.FromBase64String(legacy)[0]);

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, hasher.VerifyHashedPassword(user, legacy, Password));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, legacy, Password + " "));
    }

    [Theory]
    [InlineData(19456, 1)]
    [InlineData(12288, 2)]
    public void Verify_Argon2idWithWeakerParameters_SucceedsAndAsksForRehash(int memoryKib, int passes)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var argon2 = PasswordBasedKeyDerivationAlgorithm.Argon2id(new Argon2Parameters
        {
            DegreeOfParallelism = 1,
            MemorySize = memoryKib,
            NumberOfPasses = passes,
        });
        var output = argon2.DeriveBytes(Encoding.UTF8.GetBytes(Password), salt, 32);
        var weaker = string.Create(CultureInfo.InvariantCulture,
            $"$argon2id$v=19$m={memoryKib},t={passes},p=1${Unpadded(salt)}${Unpadded(output)}");

        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, hasher.VerifyHashedPassword(user, weaker, Password));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, weaker, Password + "x"));
    }

    [Fact]
    public void Verify_CostsEditedInStoredHash_Fails()
    {
        var hash = hasher.HashPassword(user, Password);
        var edited = hash.Replace("m=19456,t=2,p=1", "m=19456,t=1,p=1", StringComparison.Ordinal);

        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, edited, Password));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a hash")]
    [InlineData("$argon2id$")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$$")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$!!!!$????")]
    [InlineData("$argon2id$v=16$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=4$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("$argon2id$v=19$m=-1,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("$argon2id$v=19$m=99999999999,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("AQAAAAIAAYagAAAAEJunk")]
    [InlineData("AQ==")]
    public void Verify_CorruptedHash_FailsWithoutThrowing(string stored)
    {
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, stored, Password));
    }

    [Fact]
    public void Verify_TamperedHashBytes_Fails()
    {
        var hash = hasher.HashPassword(user, Password);
        var at = hash.LastIndexOf('$') + 5;
        var tampered = hash[..at] + (hash[at] == 'A' ? 'B' : 'A') + hash[(at + 1)..];

        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, tampered, Password));
    }

    private static string Unpadded(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');
}
