using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Identity.Core.Accounts;

/// <summary>How many failed sign-ins in a row lock an account, for how long the first time, and at most.</summary>
public sealed record LockoutSettings(int MaxFailedSignIns, TimeSpan FirstLockout, TimeSpan MaxLockout);

/// <summary>
/// Logto's username and password rules, lockout and Argon2id on ASP.NET Core Identity: the one place that sets them,
/// for the server (on <c>AddIdentity</c>, with its cookies) and for anything that only needs the accounts.
/// </summary>
public static class AccountRules
{
    public static IdentityBuilder AddAccountRules(this IdentityBuilder builder, LockoutSettings lockout)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(lockout);
        var services = builder.Services;
        services.Configure<IdentityOptions>(options =>
        {
            // Our validators own the username and password rules (one place each); Identity's are relaxed to match.
            options.User.AllowedUserNameCharacters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
            options.Password.RequireDigit = false;
            options.Password.RequireLowercase = false;
            options.Password.RequireUppercase = false;
            options.Password.RequireNonAlphanumeric = false;
            options.Password.RequiredUniqueChars = 1;
            options.Password.RequiredLength = PasswordPolicy.MinLength;

            options.Lockout.AllowedForNewUsers = true;
            options.Lockout.MaxFailedAccessAttempts = lockout.MaxFailedSignIns;
            options.Lockout.DefaultLockoutTimeSpan = lockout.FirstLockout;

            // The OpenID Connect claim names, so a session's principal reads like the tokens issued from it.
            options.ClaimsIdentity.UserNameClaimType = "name";
            options.ClaimsIdentity.UserIdClaimType = "sub";
            options.ClaimsIdentity.RoleClaimType = "role";
        });
        services.Configure<LockoutPolicy>(policy =>
        {
            policy.FirstDuration = lockout.FirstLockout;
            policy.MaxDuration = lockout.MaxLockout;
        });

        builder.AddUserManager<UserAccountManager>()
            .AddClaimsPrincipalFactory<SessionPrincipalFactory>()
            .AddDefaultTokenProviders()
            .AddPasswordValidator<PasswordPolicyValidator>();

        // Argon2id replaces Identity's PBKDF2 hasher; older PBKDF2 hashes still verify and are re-hashed at the next sign-in.
        services.RemoveAll<IPasswordHasher<UserAccount>>();
        services.AddScoped<IPasswordHasher<UserAccount>, Argon2idPasswordHasher>();

        // Our validator replaces Identity's own: it owns the username rules and allows social-only users without one.
        services.RemoveAll<IUserValidator<UserAccount>>();
        services.AddScoped<IUserValidator<UserAccount>, UsernamePolicyValidator>();
        return builder;
    }
}
