using Microsoft.AspNetCore.Identity;

namespace Identity.Core.Accounts;

/// <summary>
/// The username rules for every way a user is created or renamed: <see cref="UsernameRules"/>, and uniqueness
/// regardless of case. A user may have no username at all: one who signed up through a social connector while the
/// sign-up identifier is "none", as in Logto. (It replaces ASP.NET Core Identity's own user validator.)
/// </summary>
public sealed class UsernamePolicyValidator : IUserValidator<UserAccount>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<UserAccount> manager, UserAccount user)
    {
        var username = await manager.GetUserNameAsync(user);
        if (username is null)
        {
            return IdentityResult.Success;
        }

        if (!UsernameRules.IsValid(username))
        {
            return IdentityResult.Failed(new IdentityError { Code = AccountErrorCodes.UsernameInvalid, Description = AccountMessages.UsernameInvalid });
        }

        var owner = await manager.FindByNameAsync(username);
        return owner is not null && owner.Id != await manager.GetUserIdAsync(user)
            ? IdentityResult.Failed(new IdentityError { Code = nameof(IdentityErrorDescriber.DuplicateUserName), Description = AccountMessages.UsernameTaken })
            : IdentityResult.Success;
    }
}

/// <summary>Plugs <see cref="PasswordPolicy"/> into ASP.NET Core Identity (sign-up, password change, admin resets).</summary>
public sealed class PasswordPolicyValidator : IPasswordValidator<UserAccount>
{
    public Task<IdentityResult> ValidateAsync(UserManager<UserAccount> manager, UserAccount user, string? password) =>
        Task.FromResult(PasswordPolicy.Check(password) is { } problem
            ? IdentityResult.Failed(new IdentityError { Code = AccountErrorCodes.PasswordRejected, Description = problem })
            : IdentityResult.Success);
}

/// <summary>Error codes our validators attach to <see cref="IdentityError"/>.</summary>
public static class AccountErrorCodes
{
    public const string UsernameInvalid = "UsernameInvalid";
    public const string PasswordRejected = "PasswordRejected";
}

/// <summary>Turns ASP.NET Core Identity's errors into the field errors the pages show.</summary>
public static class AccountErrors
{
    public static FieldError ToFieldError(IdentityError error) => error.Code switch
    {
        nameof(IdentityErrorDescriber.DuplicateUserName) => new(AccountService.UsernameField, AccountMessages.UsernameTaken),
        nameof(IdentityErrorDescriber.InvalidUserName) or AccountErrorCodes.UsernameInvalid => new(AccountService.UsernameField, AccountMessages.UsernameInvalid),
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => new(AccountService.PasswordField, error.Description),
        _ => new(string.Empty, error.Description),
    };
}
