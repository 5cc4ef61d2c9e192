using Identity.Core.Interaction;

namespace Identity.Core.Tests;

public class FirstScreenResolverTests
{
    [Theory]
    [InlineData("register")]
    [InlineData("identifier:register")]
    [InlineData("signUp")]
    public void Resolve_FirstScreenAsksForSignUp_Register(string firstScreen)
    {
        Assert.Equal(FirstScreen.Register, FirstScreenResolver.Resolve(firstScreen, null));
    }

    [Theory]
    [InlineData("register")]
    [InlineData("identifier:register")]
    [InlineData("signUp")]
    public void Resolve_InteractionModeAsksForSignUpWithoutFirstScreen_Register(string interactionMode)
    {
        Assert.Equal(FirstScreen.Register, FirstScreenResolver.Resolve(null, interactionMode));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("sign_in", null)]
    [InlineData("signIn", null)]
    [InlineData("identifier:sign_in", null)]
    [InlineData("reset_password", null)]
    [InlineData("single_sign_on", null)]
    [InlineData("something-unknown", null)]
    [InlineData("Register", null)] // values are case-sensitive, as in Logto
    [InlineData("SIGNUP", null)]
    [InlineData(" register", null)]
    [InlineData(null, "signIn")]
    [InlineData(null, "sign_in")]
    [InlineData(null, "unknown")]
    [InlineData("", "")]
    [InlineData("", null)]
    public void Resolve_AnythingElse_SignIn(string? firstScreen, string? interactionMode)
    {
        Assert.Equal(FirstScreen.SignIn, FirstScreenResolver.Resolve(firstScreen, interactionMode));
    }

    [Theory]
    [InlineData("sign_in", "signUp")]
    [InlineData("identifier:sign_in", "register")]
    [InlineData("unknown", "signUp")]
    public void Resolve_FirstScreenSignInWithSignUpInteractionMode_FirstScreenWinsSignIn(string firstScreen, string interactionMode)
    {
        Assert.Equal(FirstScreen.SignIn, FirstScreenResolver.Resolve(firstScreen, interactionMode));
    }

    [Theory]
    [InlineData("register", "signIn")]
    [InlineData("identifier:register", "sign_in")]
    public void Resolve_FirstScreenRegisterWithSignInInteractionMode_FirstScreenWinsRegister(string firstScreen, string interactionMode)
    {
        Assert.Equal(FirstScreen.Register, FirstScreenResolver.Resolve(firstScreen, interactionMode));
    }

    [Fact]
    public void Resolve_EmptyFirstScreen_FallsBackToInteractionMode()
    {
        Assert.Equal(FirstScreen.Register, FirstScreenResolver.Resolve("", "signUp"));
    }
}
