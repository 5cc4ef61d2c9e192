namespace Identity.Core.SignInExperience;

/// <summary>Logto's sign-in mode: which of sign-in and registration the hosted pages offer.</summary>
public enum SignInMode
{
    SignIn,
    Register,
    SignInAndRegister,
}

/// <summary>
/// The sign-in experience, in Logto's model: how users sign up, sign in, and with which social connectors; what the
/// hosted pages look like (<see cref="Branding"/>) and speak (<see cref="LanguageInfo"/>).
/// </summary>
/// <param name="SignInMode">Whether the pages offer sign-in, registration or both.</param>
/// <param name="SignUpIdentifiers"><c>["username"]</c>, or empty for "none" (social sign-up asks for nothing).</param>
/// <param name="SignUpPassword">Whether sign-up with a password is offered.</param>
/// <param name="SocialSignInConnectorTargets">Targets of the connectors to show; the order is the button order.</param>
/// <param name="AutomaticAccountLinking">Link a first social sign-in to the local user with the same verified email.</param>
public sealed record SignInExperienceSettings(
    SignInMode SignInMode,
    IReadOnlyList<string> SignUpIdentifiers,
    bool SignUpPassword,
    IReadOnlyList<string> SocialSignInConnectorTargets,
    bool AutomaticAccountLinking)
{
    public const string UsernameIdentifier = "username";

    /// <summary>Logo, app name, colors, custom CSS and the terms links; the built-in look by default.</summary>
    public SignInBranding Branding { get; init; } = SignInBranding.Default;

    /// <summary>The hosted pages' language when neither the app nor (with auto-detect) the browser picks one.</summary>
    public LanguageInfo LanguageInfo { get; init; } = LanguageInfo.Default;

    /// <summary>Logto's open-source default: sign-in and sign-up with username and password, no social connectors.</summary>
    public static SignInExperienceSettings Default { get; } =
        new(SignInMode.SignInAndRegister, [UsernameIdentifier], SignUpPassword: true, [], AutomaticAccountLinking: false);

    public bool AllowsRegistration => SignInMode is SignInMode.Register or SignInMode.SignInAndRegister;

    public bool AllowsSignIn => SignInMode is SignInMode.SignIn or SignInMode.SignInAndRegister;

    /// <summary>Whether the register page offers the username and password form (not just social sign-up).</summary>
    public bool OffersPasswordSignUp => AllowsRegistration && RequiresUsername && SignUpPassword;

    /// <summary>Whether a new user (social ones included) must have a username.</summary>
    public bool RequiresUsername => SignUpIdentifiers.Contains(UsernameIdentifier);
}

/// <summary>Where the hosted pages read the sign-in experience from.</summary>
public interface ISignInExperienceProvider
{
    ValueTask<SignInExperienceSettings> GetAsync(CancellationToken cancellationToken = default);
}
