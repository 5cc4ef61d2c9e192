namespace Identity.Core.Accounts;

/// <summary>Every user-facing text of the account flows, in one place.</summary>
public static class AccountMessages
{
    public const string UsernameRequired = "Enter a username.";
    public const string UsernameInvalid = "A username can contain letters, digits and underscores, and must not start with a digit.";
    public const string UsernameTooLong = "A username can be at most 128 characters long.";
    public const string UsernameTaken = "This username is already taken.";
    public const string PasswordRequired = "Enter a password.";
    public const string PasswordTooShort = "Use at least 8 characters for your password.";
    public const string PasswordTooLong = "A password can be at most 256 characters long.";
    public const string PasswordTooCommon = "This password is too common. Choose one that is harder to guess.";
    public const string PasswordsDoNotMatch = "The passwords do not match.";
    public const string InvalidCredentials = "The username or password is incorrect.";
    public const string RegistrationClosed = "Creating new accounts is turned off.";
}
