using Identity.Core.Accounts;

namespace Identity.Core.Tests;

public class UsernameRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("Z")]
    [InlineData("_")]
    [InlineData("alice")]
    [InlineData("Alice_Smith")]
    [InlineData("_private")]
    [InlineData("user123")]
    [InlineData("a1_b2_C3")]
    public void IsValid_LettersDigitsUnderscoreNotStartingWithDigit_Accepted(string username)
    {
        Assert.True(UsernameRules.IsValid(username));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("1alice")]
    [InlineData("9")]
    [InlineData("alice smith")]
    [InlineData(" alice")]
    [InlineData("alice ")]
    [InlineData("alice-smith")]
    [InlineData("alice.smith")]
    [InlineData("alice@example.com")]
    [InlineData("élise")]
    [InlineData("ａlice")] // full-width 'a'
    [InlineData("alice\tbob")]
    public void IsValid_OtherCharactersOrLeadingDigit_Refused(string? username)
    {
        Assert.False(UsernameRules.IsValid(username));
    }

    [Fact]
    public void IsValid_128Characters_Accepted()
    {
        Assert.True(UsernameRules.IsValid(new string('a', 128)));
    }

    [Fact]
    public void IsValid_129Characters_Refused()
    {
        Assert.False(UsernameRules.IsValid(new string('a', 129)));
    }

    [Theory]
    [InlineData("alice\n")]
    [InlineData("_\n")]
    public void IsValid_TrailingNewline_Refused(string username)
    {
        Assert.False(UsernameRules.IsValid(username));
    }

    [Fact]
    public async Task UsernamePolicyValidator_ValidUsername_Succeeds()
    {
        var result = await new UsernamePolicyValidator().ValidateAsync(InMemoryUsers.Manager(), new UserAccount { UserName = "alice_1" });

        Assert.True(result.Succeeded);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public async Task UsernamePolicyValidator_NoUsername_SucceedsForSocialOnlyUsers()
    {
        var result = await new UsernamePolicyValidator().ValidateAsync(InMemoryUsers.Manager(), new UserAccount { UserName = null });

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1alice")]
    [InlineData("alice smith")]
    public async Task UsernamePolicyValidator_InvalidUsername_FailsWithUsernameInvalid(string username)
    {
        var result = await new UsernamePolicyValidator().ValidateAsync(InMemoryUsers.Manager(), new UserAccount { UserName = username });

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(AccountErrorCodes.UsernameInvalid, error.Code);
        Assert.Equal(AccountMessages.UsernameInvalid, error.Description);
    }

    [Fact]
    public async Task UsernamePolicyValidator_TooLongUsername_Fails()
    {
        var result = await new UsernamePolicyValidator().ValidateAsync(InMemoryUsers.Manager(), new UserAccount { UserName = new string('a', 129) });

        Assert.False(result.Succeeded);
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("ALICE")]
    public async Task UsernamePolicyValidator_NameTakenByAnotherUserInAnyCase_FailsAsDuplicate(string username)
    {
        var manager = InMemoryUsers.Manager(new UserAccount { Id = "existing", UserName = "Alice" });

        var result = await new UsernamePolicyValidator().ValidateAsync(manager, new UserAccount { Id = "new", UserName = username });

        Assert.Equal("DuplicateUserName", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task UsernamePolicyValidator_UserKeepingTheirOwnName_Succeeds()
    {
        var existing = new UserAccount { Id = "existing", UserName = "Alice" };

        var result = await new UsernamePolicyValidator().ValidateAsync(InMemoryUsers.Manager(existing), existing);

        Assert.True(result.Succeeded);
    }
}
