using Identity.Core.Accounts;

namespace Identity.Core.Tests;

public class PasswordPolicyTests
{
    private const string LongPassphrase = "violet-harbour-Quantum-7-teapot-glacier-ZEBRA";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Check_Missing_RefusedAsRequired(string? password)
    {
        Assert.Equal(AccountMessages.PasswordRequired, PasswordPolicy.Check(password));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("Zq8#vLm")] // 7 characters
    public void Check_ShorterThan8_RefusedAsTooShort(string password)
    {
        Assert.Equal(AccountMessages.PasswordTooShort, PasswordPolicy.Check(password));
    }

    [Fact]
    public void Check_Exactly8UncommonCharacters_Accepted()
    {
        Assert.Null(PasswordPolicy.Check("Zq8#vLm2"));
    }

    [Fact]
    public void Check_Exactly256Characters_Accepted()
    {
        var password = string.Concat(Enumerable.Repeat("Zq8#vLm2", 32));
        Assert.Equal(256, password.Length);

        Assert.Null(PasswordPolicy.Check(password));
    }

    [Fact]
    public void Check_257Characters_RefusedAsTooLong()
    {
        var password = string.Concat(Enumerable.Repeat("Zq8#vLm2", 32)) + "x";
        Assert.Equal(257, password.Length);

        Assert.Equal(AccountMessages.PasswordTooLong, PasswordPolicy.Check(password));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("password123")]
    [InlineData("Password123")]
    [InlineData("PASSWORD123")]
    [InlineData("pAsSwOrD123")]
    [InlineData("qwertyuiop")]
    [InlineData("QWERTYUIOP")]
    [InlineData("QwErTyUiOp")]
    [InlineData("12345678")]
    [InlineData("iloveyou")]
    public void Check_CommonPasswordInAnyCase_RefusedAsTooCommon(string password)
    {
        Assert.Equal(AccountMessages.PasswordTooCommon, PasswordPolicy.Check(password));
    }

    [Fact]
    public void Check_LongRandomPassphrase_Accepted()
    {
        Assert.Null(PasswordPolicy.Check(LongPassphrase));
    }

    [Theory]
    [InlineData("qwertyuiop ")]
    [InlineData(" qwertyuiop")]
    [InlineData("password123 ")]
    public void Check_CommonPasswordWithSurroundingSpace_CheckedAsTypedAndAccepted(string password)
    {
        Assert.Null(PasswordPolicy.Check(password));
    }

    [Fact]
    public void Check_AllSpaces_NotTrimmedAndAccepted()
    {
        // No trimming: eight spaces are eight characters, and they are not on the common list.
        Assert.Null(PasswordPolicy.Check(new string(' ', 8)));
    }

    [Fact]
    public void Check_ShortPasswordPaddedWithSpaces_CountsTheSpaces()
    {
        Assert.Equal(AccountMessages.PasswordTooShort, PasswordPolicy.Check(" abc12 "));
        Assert.Null(PasswordPolicy.Check(" Zq8#vL "));
    }

    [Fact]
    public void CommonPasswordList_ComparesCaseInsensitively()
    {
        Assert.True(CommonPasswordList.Contains("iloveyou"));
        Assert.True(CommonPasswordList.Contains("ILoveYou"));
        Assert.False(CommonPasswordList.Contains(LongPassphrase));
    }

    [Fact]
    public void CommonPasswordList_HeaderCommentLines_NotTreatedAsPasswords()
    {
        Assert.False(CommonPasswordList.Contains(
            "# Common passwords refused at sign-up: entries of 8+ characters from the 100,000 most common"));
    }

    [Fact]
    public async Task PasswordPolicyValidator_AcceptablePassword_Succeeds()
    {
        var result = await new PasswordPolicyValidator().ValidateAsync(null!, new UserAccount(), LongPassphrase);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Errors);
    }

    [Theory]
    [InlineData(null, AccountMessages.PasswordRequired)]
    [InlineData("Zq8#vLm", AccountMessages.PasswordTooShort)]
    [InlineData("Password123", AccountMessages.PasswordTooCommon)]
    public async Task PasswordPolicyValidator_UnacceptablePassword_FailsWithPolicyMessage(string? password, string expectedMessage)
    {
        var result = await new PasswordPolicyValidator().ValidateAsync(null!, new UserAccount(), password);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(AccountErrorCodes.PasswordRejected, error.Code);
        Assert.Equal(expectedMessage, error.Description);
    }

    [Fact]
    public async Task PasswordPolicyValidator_TooLongPassword_FailsWithTooLong()
    {
        var result = await new PasswordPolicyValidator().ValidateAsync(null!, new UserAccount(), new string('x', 257));

        Assert.False(result.Succeeded);
        Assert.Equal(AccountMessages.PasswordTooLong, Assert.Single(result.Errors).Description);
    }
}
