using Microsoft.AspNetCore.Identity;

namespace Identity.Core.Accounts;

/// <summary>Plugs <see cref="UsernameRules"/> into ASP.NET Core Identity so every way of creating a user obeys it.</summary>
public sealed class UsernamePolicyValidator : IUserValidator<UserAccount>
{
    public Task<IdentityResult> ValidateAsync(UserManager<UserAccount> manager, UserAccount user) =>
        Task.FromResult(UsernameRules.IsValid(user.UserName)
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = AccountErrorCodes.UsernameInvalid, Description = AccountMessages.UsernameInvalid }));
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
