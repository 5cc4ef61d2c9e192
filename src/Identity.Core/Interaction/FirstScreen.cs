namespace Identity.Core.Interaction;

/// <summary>The hosted page a user lands on when an app sends them to sign in.</summary>
public enum FirstScreen
{
    SignIn,
    Register,
}

/// <summary>
/// Reads Logto's <c>first_screen</c> and the older <c>interaction_mode</c> parameters, exactly as Logto's core does:
/// the first of first_screen ?? interaction_mode ?? sign_in decides, and <c>register</c>/<c>signUp</c> open sign-up.
/// </summary>
public static class FirstScreenResolver
{
    public static FirstScreen Resolve(string? firstScreen, string? interactionMode) =>
        (string.IsNullOrEmpty(firstScreen) ? interactionMode : firstScreen) switch
        {
            "register" or "identifier:register" or "signUp" => FirstScreen.Register,
            _ => FirstScreen.SignIn,
        };
}
