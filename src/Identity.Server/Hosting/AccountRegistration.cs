using Identity.Core.Accounts;
using Identity.Core.SignInExperience;
using Identity.Server.Data;
using Identity.Server.Oidc;
using Microsoft.AspNetCore.Identity;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Hosting;

public static class AccountRegistration
{
    /// <summary>Adds ASP.NET Core Identity with Logto's username and password rules, lockout, and the session cookie.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration, bool requireHttps)
    {
        var security = configuration.GetSection(ServerSecurityOptions.Section).Get<ServerSecurityOptions>() ?? new();

        services.AddIdentity<UserAccount, IdentityRole>(options =>
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
                options.Lockout.MaxFailedAccessAttempts = security.MaxFailedSignIns;
                options.Lockout.DefaultLockoutTimeSpan = security.LockoutDuration;

                options.ClaimsIdentity.UserNameClaimType = Claims.Name;
                options.ClaimsIdentity.UserIdClaimType = Claims.Subject;
                options.ClaimsIdentity.RoleClaimType = Claims.Role;
            })
            .AddEntityFrameworkStores<IdentityDataContext>()
            .AddUserManager<UserAccountManager>()
            .AddDefaultTokenProviders()
            .AddUserValidator<UsernamePolicyValidator>()
            .AddPasswordValidator<PasswordPolicyValidator>();

        services.ConfigureApplicationCookie(options =>
        {
            // The __Host- prefix needs Secure, so it is used whenever https is required.
            options.Cookie.Name = requireHttps ? "__Host-identity.session" : "identity.session";
            options.Cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.Path = "/";
            options.LoginPath = Identity.Core.Interaction.HostedPages.SignIn;
            options.ReturnUrlParameter = Identity.Core.Interaction.HostedPages.ReturnUrlParameter;
        });

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = requireHttps ? "__Host-identity.antiforgery" : "identity.antiforgery";
            options.Cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });

        services.AddScoped<AccountService>();
        services.AddSingleton<ISignInExperienceProvider, ConfiguredSignInExperience>();
        return services;
    }
}

/// <summary>
/// The sign-in experience from configuration (<c>SignInExperience:SignInMode</c>), defaulting to Logto's open-source
/// default of sign-in and registration with username and password.
/// </summary>
public sealed class ConfiguredSignInExperience(IConfiguration configuration) : ISignInExperienceProvider
{
    public ValueTask<SignInExperienceSettings> GetAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(configuration.GetValue<SignInMode?>("SignInExperience:SignInMode") is { } mode
            ? new SignInExperienceSettings(mode)
            : SignInExperienceSettings.Default);
}
