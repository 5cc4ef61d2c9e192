using Identity.Core.Accounts;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Core;

/// <summary>
/// What the hosted pages decide with: accounts (sign-in, sign-up), the sign-in experience, and social sign-in through
/// the installed connectors. The host supplies the data (<see cref="Data.IIdentityData"/>), the audit log, a clock, Data
/// Protection and ASP.NET Core Identity's stores.
/// </summary>
public static class CoreRegistration
{
    public static IServiceCollection AddSignInCore(this IServiceCollection services)
    {
        services.AddScoped<AccountService>();
        services.AddScoped<SignInExperienceStore>();
        services.AddScoped<Resources.ResourceAccess>();
        services.AddScoped<ISignInExperienceProvider>(provider => provider.GetRequiredService<SignInExperienceStore>());
        services.AddSingleton<ConnectorSecrets>();
        services.AddScoped<ConnectorRegistry>();
        services.AddScoped<SocialAttemptStore>();
        services.AddScoped<SocialSignInService>();
        return services;
    }
}
