using System.Net.Http.Headers;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>
/// A server seeded with a branded sign-in experience (app name, logos, colors, custom CSS, terms and privacy links) and a
/// machine-to-machine app granted <c>management</c>, for changing it through the Management API.
/// </summary>
public class BrandingServerFactory : IdentityServerFactory
{
    public const string AdminId = "branding-admin";
    public const string AdminSecret = "branding-admin-secret-0123456789abcdef";

    public const string AppName = "Acme Books";
    public const string LogoUrl = "https://cdn.example.com/acme/logo.svg";
    public const string DarkLogoUrl = "https://cdn.example.com/acme/logo-dark.svg";
    public const string PrimaryColor = "#0A7D32";
    public const string DarkPrimaryColor = "#7EE2A8";
    public const string CustomCss = ".card { border-width: 3px; }";
    public const string TermsUrl = "https://acme.example.com/terms";
    public const string PrivacyUrl = "https://acme.example.com/privacy";

    private string? _adminToken;

    /// <summary>The seeded sign-in experience; PATCHing it back restores what the tests expect.</summary>
    public virtual string SignInExperienceJson => $$"""
        {
          "branding": { "appName": "{{AppName}}", "logoUrl": "{{LogoUrl}}", "darkLogoUrl": "{{DarkLogoUrl}}" },
          "color": { "primaryColor": "{{PrimaryColor}}", "isDarkModeEnabled": true, "darkPrimaryColor": "{{DarkPrimaryColor}}" },
          "colorScheme": "auto",
          "customCss": "{{CustomCss}}",
          "termsOfUseUrl": "{{TermsUrl}}",
          "privacyPolicyUrl": "{{PrivacyUrl}}",
          "languageInfo": { "autoDetect": true, "fallbackLanguage": "en" }
        }
        """;

    protected override string SeedJson => $$"""
        {
          "applications": [
            { "id": "{{TestApps.SpaId}}", "name": "Single-page app", "type": "SPA",
              "redirectUris": ["{{TestApps.SpaRedirect}}"], "postLogoutRedirectUris": ["{{TestApps.SpaPostLogout}}"] },
            { "id": "{{AdminId}}", "name": "Admin robot", "type": "MachineToMachine", "secret": "{{AdminSecret}}", "scopes": ["management"] }
          ],
          "signInExperience": {{SignInExperienceJson}}
        }
        """;

    /// <summary>A client sending a management access token (cached: the clock is fake).</summary>
    public async Task<HttpClient> AdminClientAsync()
    {
        if (_adminToken is null)
        {
            using var back = NewBackChannel();
            var tokens = await Flows.PostTokenAsync(back,
                new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "management" }, (AdminId, AdminSecret));
            Assert.True(tokens.IsSuccess, tokens.Raw);
            _adminToken = tokens.AccessToken!;
        }

        var http = NewBackChannel();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        return http;
    }

    /// <summary>Puts the seeded sign-in experience back (tests that change it start from here).</summary>
    public async Task RestoreSeededExperienceAsync()
    {
        using var http = await AdminClientAsync();
        await (await http.PatchJsonAsync("/api/sign-in-exp", SignInExperienceJson)).ExpectAsync(200);
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }
}

/// <summary>The same server, with German as the sign-in experience's fallback language.</summary>
public sealed class GermanFallbackServerFactory : BrandingServerFactory
{
    public override string SignInExperienceJson => """
        { "languageInfo": { "autoDetect": true, "fallbackLanguage": "de" } }
        """;
}
