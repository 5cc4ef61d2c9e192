namespace Identity.Core.Accounts;

/// <summary>
/// Logto's default password policy: 8 to 256 characters and not a common password. No composition rules
/// (OWASP ASVS 6.2.5), no trimming or truncation: the password is checked exactly as typed.
/// </summary>
public static class PasswordPolicy
{
    public const int MinLength = 8;
    public const int MaxLength = 256;

    /// <summary>Returns the message that says what is wrong with the password, or null when it is acceptable.</summary>
    public static string? Check(string? password) => password switch
    {
        null or "" => AccountMessages.PasswordRequired,
        { Length: < MinLength } => AccountMessages.PasswordTooShort,
        { Length: > MaxLength } => AccountMessages.PasswordTooLong,
        _ when CommonPasswordList.Contains(password) => AccountMessages.PasswordTooCommon,
        _ => null,
    };
}
