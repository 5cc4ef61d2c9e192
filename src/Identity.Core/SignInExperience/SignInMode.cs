namespace Identity.Core.SignInExperience;

/// <summary>Logto's sign-in mode: which of sign-in and registration the hosted pages offer.</summary>
public enum SignInMode
{
    SignIn,
    Register,
    SignInAndRegister,
}

/// <summary>The part of the sign-in experience the password pages need.</summary>
public sealed record SignInExperienceSettings(SignInMode SignInMode)
{
    /// <summary>Logto's open-source default: sign-in and sign-up with username and password.</summary>
    public static SignInExperienceSettings Default { get; } = new(SignInMode.SignInAndRegister);

    public bool AllowsRegistration => SignInMode is SignInMode.Register or SignInMode.SignInAndRegister;

    public bool AllowsSignIn => SignInMode is SignInMode.SignIn or SignInMode.SignInAndRegister;
}

/// <summary>Where the hosted pages read the sign-in experience from.</summary>
public interface ISignInExperienceProvider
{
    ValueTask<SignInExperienceSettings> GetAsync(CancellationToken cancellationToken = default);
}
