using Identity.Core.Accounts;
using System.Text;
using Connectors.Abstractions;
using Identity.Core.Applications;
using Identity.Core.SignInExperience;

namespace Identity.Admin.Definitions;

/// <summary>A problem in the seed file, naming the entry and the field, e.g. <c>applications[0] (bookstore).redirectUris[1]</c>.</summary>
public sealed record DefinitionError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Checks a whole seed file before anything is applied, so a bad file changes nothing.</summary>
public static partial class DefinitionValidator
{
    /// <summary>Secrets shorter than this are refused: they would be guessable.</summary>
    public const int MinSecretLength = 16;

    /// <summary>Checks every section; connector configs are checked by their plugins in <paramref name="factories"/>.</summary>
    /// <param name="file">The seed file.</param>
    /// <param name="factories">The installed connector plugins.</param>
    /// <param name="urls">What connector endpoint URLs may be; the default allows plain http on loopback only.</param>
    public static IReadOnlyList<DefinitionError> Validate(
        SeedFile file, IReadOnlyCollection<ISocialConnectorFactory>? factories = null, ConnectorEndpointPolicy? urls = null)
    {
        var errors = new List<DefinitionError>();
        ValidateApplications(file, errors);
        ValidateConnectors(file, factories ?? [], urls, errors);
        if (file.SignInExperience is { } experience)
        {
            errors.AddRange(ValidateSignInExperience(experience));
        }
        ValidateUsers(file, errors);
        ValidateResourcesAndRoles(file, errors);
        return errors;
    }

    private static void ValidateApplications(SeedFile file, List<DefinitionError> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < (file.Applications?.Count ?? 0); index++)
        {
            var app = file.Applications![index];
            var entry = app?.Id is { Length: > 0 } id ? $"applications[{index}] ({id})" : $"applications[{index}]";
            if (app is null)
            {
                errors.Add(new(entry, "the entry is empty."));
                continue;
            }

            errors.AddRange(ValidateApplication(app, entry));
            if (!string.IsNullOrEmpty(app.Id) && !ids.Add(app.Id))
            {
                errors.Add(new($"{entry}.id", $"the id '{app.Id}' is used by another application in this file."));
            }
        }
    }

    private static void ValidateConnectors(
        SeedFile file, IReadOnlyCollection<ISocialConnectorFactory> factories, ConnectorEndpointPolicy? urls, List<DefinitionError> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var targets = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < (file.Connectors?.Count ?? 0); index++)
        {
            var connector = file.Connectors![index];
            var entry = connector?.Id is { Length: > 0 } id ? $"connectors[{index}] ({id})" : $"connectors[{index}]";
            if (connector is null)
            {
                errors.Add(new(entry, "the entry is empty."));
                continue;
            }

            errors.AddRange(ValidateConnector(connector, factories, entry, urls));
            if (IsIdentifier(connector.Id) && !ids.Add(connector.Id!))
            {
                errors.Add(new($"{entry}.id", $"the id '{connector.Id}' is used by another connector in this file."));
            }

            if (IsIdentifier(connector.Target) && !targets.Add(connector.Target!))
            {
                errors.Add(new($"{entry}.target", $"the target '{connector.Target}' is used by another connector in this file; targets are unique."));
            }
        }
    }

    /// <summary>
    /// Checks one connector instance; the plugin named by <c>connectorId</c> checks its config, then the server's rules
    /// for endpoint URLs (<see cref="ConnectorEndpointRules"/>) apply to every URL in it.
    /// </summary>
    public static IReadOnlyList<DefinitionError> ValidateConnector(
        ConnectorDefinition connector, IReadOnlyCollection<ISocialConnectorFactory> factories, string entry = "", ConnectorEndpointPolicy? urls = null)
    {
        var errors = new List<DefinitionError>();
        if (!IsIdentifier(connector.Id))
        {
            errors.Add(new(Join(entry, "id"), $"is required: use at most {AdminLimits.MaxIdLength} letters, digits, '-', '_' or '.'."));
        }

        if (!IsIdentifier(connector.Target))
        {
            errors.Add(new(Join(entry, "target"), $"is required: the identity provider's name, at most {AdminLimits.MaxIdLength} letters, digits, '-', '_' or '.'."));
        }

        if (connector.Name is { Length: > AdminLimits.MaxNameLength })
        {
            errors.Add(new(Join(entry, "name"), TooLong(AdminLimits.MaxNameLength, connector.Name.Length)));
        }

        if (connector.Logo is { Length: > AdminLimits.MaxUriLength })
        {
            errors.Add(new(Join(entry, "logo"), TooLong(AdminLimits.MaxUriLength, connector.Logo.Length)));
        }

        var factory = factories.FirstOrDefault(f => f.Metadata.FactoryId == connector.ConnectorId);
        if (factory is null)
        {
            var installed = factories.Count == 0 ? "none" : string.Join(", ", factories.Select(f => f.Metadata.FactoryId));
            errors.Add(new(Join(entry, "connectorId"), $"no connector plugin '{connector.ConnectorId}' is installed (installed: {installed})."));
        }
        else if (connector.Config is not { ValueKind: System.Text.Json.JsonValueKind.Object } config)
        {
            errors.Add(new(Join(entry, "config"), "is required: the connector's settings as a JSON object."));
        }
        else if (config.GetRawText().Length is var length && length > AdminLimits.MaxConnectorConfigLength)
        {
            errors.Add(new(Join(entry, "config"), $"must be at most {AdminLimits.MaxConnectorConfigLength} characters of JSON (got {length})."));
        }
        else
        {
            errors.AddRange(factory.ValidateConfig(config).Errors.Select(e => new DefinitionError(Join(entry, "config." + e.Field), e.Message)));
            errors.AddRange(ConnectorEndpointRules.Check(config, urls ?? ConnectorEndpointPolicy.Default)
                .Select(e => new DefinitionError(Join(entry, "config." + e.Field), e.Message)));
        }
        return errors;
    }

    /// <summary>Custom CSS larger than this is refused: it is sent with every hosted page.</summary>
    public const int MaxCustomCssBytes = 10 * 1024;

    public const int MaxAppNameLength = AdminLimits.MaxNameLength;

    public const int MaxUrlLength = AdminLimits.MaxUriLength;

    /// <summary>The values of <c>colorScheme</c>, as the seed file and the API spell them.</summary>
    public static readonly IReadOnlyList<string> ColorSchemes = ["auto", "light", "dark"];

    /// <summary>Checks the sign-in experience section (or a patch of it).</summary>
    public static IReadOnlyList<DefinitionError> ValidateSignInExperience(SignInExperienceDefinition experience, string entry = "signInExperience")
    {
        var errors = new List<DefinitionError>();
        if (experience.SignInMode is { } mode && !Enum.GetNames<SignInMode>().Contains(mode, StringComparer.Ordinal))
        {
            errors.Add(new(Join(entry, "signInMode"), $"must be one of {string.Join(", ", Enum.GetNames<SignInMode>())} (got '{mode}')."));
        }

        for (var i = 0; i < (experience.SignUp?.Identifiers?.Count ?? 0); i++)
        {
            if (experience.SignUp!.Identifiers![i] != SignInExperienceSettings.UsernameIdentifier)
            {
                errors.Add(new(Join(entry, $"signUp.identifiers[{i}]"), $"only 'username' is supported (or [] for none); got '{experience.SignUp.Identifiers[i]}'."));
            }
        }

        var targets = experience.SocialSignInConnectorTargets ?? [];
        for (var i = 0; i < targets.Count; i++)
        {
            if (!IsIdentifier(targets[i]))
            {
                errors.Add(new(Join(entry, $"socialSignInConnectorTargets[{i}]"), $"'{targets[i]}' is not a connector target."));
            }
            else if (targets.IndexOf(targets[i]) != i)
            {
                errors.Add(new(Join(entry, $"socialSignInConnectorTargets[{i}]"), $"'{targets[i]}' is listed twice."));
            }
        }

        ValidateAppearance(experience, entry, errors);
        if (experience.LanguageInfo?.FallbackLanguage is { } language && !LanguageInfo.SupportedLanguages.Contains(language, StringComparer.Ordinal))
        {
            errors.Add(new(Join(entry, "languageInfo.fallbackLanguage"),
                $"must be one of {string.Join(", ", LanguageInfo.SupportedLanguages)}, the languages the pages are translated into, or (through the Management API) a language with custom phrases (got '{language}')."));
        }
        return errors;
    }

    // Branding, colors, custom CSS and the sign-up links. An empty string removes an optional value.
    private static void ValidateAppearance(SignInExperienceDefinition experience, string entry, List<DefinitionError> errors)
    {
        if (experience.Branding is { } branding)
        {
            if (branding.AppName is { } name && (string.IsNullOrWhiteSpace(name) || name.Length > MaxAppNameLength || name.Any(char.IsControl)))
            {
                errors.Add(new(Join(entry, "branding.appName"), $"must be 1 to {MaxAppNameLength} characters on one line."));
            }
            ValidateLink(branding.LogoUrl, Join(entry, "branding.logoUrl"), isImage: true, errors);
            ValidateLink(branding.DarkLogoUrl, Join(entry, "branding.darkLogoUrl"), isImage: true, errors);
        }

        if (experience.Color is { } color)
        {
            ValidateColor(color.PrimaryColor, Join(entry, "color.primaryColor"), errors);
            ValidateColor(color.DarkPrimaryColor, Join(entry, "color.darkPrimaryColor"), errors);
        }

        if (experience.ColorScheme is { } scheme && !ColorSchemes.Contains(scheme, StringComparer.Ordinal))
        {
            errors.Add(new(Join(entry, "colorScheme"), $"must be one of {string.Join(", ", ColorSchemes)} (got '{scheme}')."));
        }

        if (experience.CustomCss is { } css)
        {
            if (Encoding.UTF8.GetByteCount(css) > MaxCustomCssBytes)
            {
                errors.Add(new(Join(entry, "customCss"), $"must be at most {MaxCustomCssBytes / 1024} KB ({MaxCustomCssBytes} bytes of UTF-8): it is sent with every page."));
            }

            // The pages serve it as a stylesheet of its own (/branding.css), but custom CSS is the kind of value that ends up
            // inside a <style> element (Logto inlines it; so would a preview or an email). There an HTML parser ends the
            // element at "</style" whatever the CSS syntax around it, and the rest would run as markup: an injection.
            if (css.Contains("</style", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new(Join(entry, "customCss"), "must not contain '</style': the CSS must stay safe to place inside a <style> element."));
            }
        }

        ValidateLink(experience.TermsOfUseUrl, Join(entry, "termsOfUseUrl"), isImage: false, errors);
        ValidateLink(experience.PrivacyPolicyUrl, Join(entry, "privacyPolicyUrl"), isImage: false, errors);
    }

    /// <summary><c>#RRGGBB</c>, as Logto's console writes colors.</summary>
    public static bool IsColor(string? value) =>
        value is { Length: 7 } && value[0] == '#' && value.Skip(1).All(char.IsAsciiHexDigit);

    private static void ValidateColor(string? value, string path, List<DefinitionError> errors)
    {
        if (value is not null && !IsColor(value))
        {
            errors.Add(new(path, $"must be a color written #RRGGBB, e.g. {SignInBranding.DefaultPrimaryColor} (got '{value}')."));
        }
    }

    // A link or image the pages show: absolute https. Plain http only for loopback links, for development; never for
    // images, which the pages' Content-Security-Policy (img-src 'self' data: https:) would block anyway.
    private static void ValidateLink(string? value, string path, bool isImage, List<DefinitionError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (value.Length > MaxUrlLength)
        {
            errors.Add(new(path, $"must be at most {MaxUrlLength} characters."));
        }
        // Uri.TryCreate reads "/logo.png" as a file: URI, so the text itself must name the scheme.
        else if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || !Uri.TryCreate(value, UriKind.Absolute, out var uri) ||
            !value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add(new(path, $"'{value}' is not an absolute https URL (or \"\" to remove it)."));
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && isImage)
        {
            errors.Add(new(path, $"'{value}' uses plain http; images must use https (the pages' Content-Security-Policy loads no others)."));
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
        {
            errors.Add(new(path, $"'{value}' uses plain http; only loopback addresses (localhost, 127.0.0.1) may."));
        }
    }

    private static void ValidateUsers(SeedFile file, List<DefinitionError> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < (file.Users?.Count ?? 0); index++)
        {
            var user = file.Users![index];
            var entry = user?.Username is { Length: > 0 } name ? $"users[{index}] ({name})" : $"users[{index}]";
            if (user is null)
            {
                errors.Add(new(entry, "the entry is empty."));
                continue;
            }

            if (!UsernameRules.IsValid(user.Username))
            {
                errors.Add(new(Join(entry, "username"), AccountMessages.UsernameInvalid));
            }
            else if (!names.Add(user.Username!))
            {
                errors.Add(new(Join(entry, "username"), $"'{user.Username}' is listed twice (usernames are unique whatever the case)."));
            }

            if (user.Password is not null && PasswordPolicy.Check(user.Password) is { } problem)
            {
                errors.Add(new(Join(entry, "password"), problem));
            }
        }
    }

    private static string TooLong(int bound, int length) => $"must be at most {bound} characters (got {length}).";

    private static bool TooMany<T>(List<T>? items, int bound, string path, List<DefinitionError> errors)
    {
        if (items is not { Count: var count } || count <= bound)
        {
            return false;
        }
        errors.Add(new(path, $"must have at most {bound} entries (got {count})."));
        return true;
    }

    private static string Join(string entry, string field) => entry.Length == 0 ? field : entry + "." + field;

    /// <summary>An id, target or client id: at most <see cref="AdminLimits.MaxIdLength"/> letters, digits, '-', '_' or '.'.</summary>
    public static bool IsIdentifier(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= AdminLimits.MaxIdLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Checks one application definition.</summary>
    /// <param name="app">The definition.</param>
    /// <param name="entry">Where it is, for error paths (empty for a single object, as in the Management API).</param>
    /// <param name="secretRequired">False where a missing secret is generated (API, CLI) rather than an error (seed).</param>
    public static IReadOnlyList<DefinitionError> ValidateApplication(ApplicationDefinition app, string entry = "", bool secretRequired = true)
    {
        var errors = new List<DefinitionError>();
        if (string.IsNullOrWhiteSpace(app.Id))
        {
            errors.Add(new(Join(entry, "id"), "is required."));
        }
        else if (!IsIdentifier(app.Id))
        {
            errors.Add(new(Join(entry, "id"), $"use at most {AdminLimits.MaxIdLength} letters, digits, '-', '_' or '.'."));
        }

        if (string.IsNullOrWhiteSpace(app.Name))
        {
            errors.Add(new(Join(entry, "name"), "is required."));
        }
        else if (app.Name.Length > AdminLimits.MaxNameLength)
        {
            errors.Add(new(Join(entry, "name"), TooLong(AdminLimits.MaxNameLength, app.Name.Length)));
        }

        if (app.Secret is { Length: > AdminLimits.MaxSecretLength })
        {
            errors.Add(new(Join(entry, "secret"), TooLong(AdminLimits.MaxSecretLength, app.Secret.Length)));
        }

        // Exactly one of the names: Enum.TryParse would also take "SPA, Native", " SPA" or "1".
        if (app.Type is null || !Enum.GetNames<ApplicationType>().Contains(app.Type, StringComparer.Ordinal))
        {
            errors.Add(new(Join(entry, "type"), $"must be one of {string.Join(", ", Enum.GetNames<ApplicationType>())} (got '{app.Type}')."));
            return errors;
        }

        var type = Enum.Parse<ApplicationType>(app.Type);
        if (type.IsConfidential())
        {
            if (string.IsNullOrEmpty(app.Secret))
            {
                if (secretRequired)
                {
                    errors.Add(new(Join(entry, "secret"), $"is required for a {type} application."));
                }
            }
            else if (app.Secret.Length < MinSecretLength)
            {
                errors.Add(new(Join(entry, "secret"), $"must be at least {MinSecretLength} characters long."));
            }
        }
        else if (!string.IsNullOrEmpty(app.Secret))
        {
            errors.Add(new(Join(entry, "secret"), $"a {type} application is public and cannot keep a secret; remove it."));
        }

        if (type.SignsUsersIn() && (app.RedirectUris is null || app.RedirectUris.Count == 0))
        {
            errors.Add(new(Join(entry, "redirectUris"), $"a {type} application needs at least one redirect URI."));
        }
        else if (!type.SignsUsersIn() && app.RedirectUris is { Count: > 0 })
        {
            errors.Add(new(Join(entry, "redirectUris"), "a MachineToMachine application does not sign users in; remove its redirect URIs."));
        }

        ValidateUris(app.RedirectUris, Join(entry, "redirectUris"), type, errors);
        ValidateUris(app.PostLogoutRedirectUris, Join(entry, "postLogoutRedirectUris"), type, errors);

        if (!string.IsNullOrEmpty(app.DefaultResource))
        {
            if (!type.SignsUsersIn())
            {
                errors.Add(new(Join(entry, "defaultResource"),
                    "a MachineToMachine application asks for its resource with client credentials (resource=...); remove it."));
            }
            else if (ResourceRules.IndicatorProblem(app.DefaultResource) is { } problem)
            {
                errors.Add(new(Join(entry, "defaultResource"), problem));
            }
        }

        if (TooMany(app.Scopes, AdminLimits.MaxScopes, Join(entry, "scopes"), errors))
        {
            return errors;
        }
        for (var i = 0; i < (app.Scopes?.Count ?? 0); i++)
        {
            var scope = app.Scopes![i];
            if (string.IsNullOrWhiteSpace(scope) || scope.Any(char.IsWhiteSpace))
            {
                errors.Add(new(Join(entry, $"scopes[{i}]"), "a scope is one word without spaces."));
            }
            else if (scope.Length > AdminLimits.MaxScopeLength)
            {
                errors.Add(new(Join(entry, $"scopes[{i}]"), TooLong(AdminLimits.MaxScopeLength, scope.Length)));
            }
        }
        return errors;
    }

    // Schemes that would run code or read files in the user's browser if the server redirected to them.
    private static readonly HashSet<string> DangerousSchemes = new(StringComparer.OrdinalIgnoreCase) { "javascript", "data", "file", "vbscript", "blob" };

    private static void ValidateUris(List<string>? uris, string path, ApplicationType type, List<DefinitionError> errors)
    {
        // One error for the list, not one per entry: thousands of entries would make thousands of errors.
        if (TooMany(uris, AdminLimits.MaxUris, path, errors))
        {
            return;
        }
        for (var i = 0; i < (uris?.Count ?? 0); i++)
        {
            var value = uris![i];
            if (value is { Length: > AdminLimits.MaxUriLength })
            {
                errors.Add(new($"{path}[{i}]", TooLong(AdminLimits.MaxUriLength, value.Length)));
                continue;
            }
            // Uri.TryCreate reads "/callback" or "//host/cb" as file: URIs, so the text itself must name a scheme.
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !value.StartsWith(uri.Scheme + ":", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new($"{path}[{i}]", $"'{value}' is not an absolute URI."));
            }
            else if (DangerousSchemes.Contains(uri.Scheme))
            {
                errors.Add(new($"{path}[{i}]", $"'{value}' uses the {uri.Scheme}: scheme, which is never a safe redirect target."));
            }
            else if (!string.IsNullOrEmpty(uri.Fragment))
            {
                errors.Add(new($"{path}[{i}]", $"'{value}' must not contain a fragment (#...)."));
            }
            else if (HasIssParameter(uri))
            {
                errors.Add(new($"{path}[{i}]", $"'{value}' must not carry an 'iss' query parameter: the server adds its own (RFC 9207)."));
            }
            else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            {
                errors.Add(new($"{path}[{i}]", $"'{value}' uses plain http; only loopback addresses (localhost, 127.0.0.1) may."));
            }
            else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && type != ApplicationType.Native)
            {
                errors.Add(new($"{path}[{i}]", $"'{value}' uses a custom scheme; only Native applications may (use http or https)."));
            }
        }
    }

    // OpenIddict refuses to register such a URI (an "iss" of the app's own would be confused with RFC 9207's): say so here,
    // naming the entry, rather than fail while saving it.
    private static bool HasIssParameter(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Any(pair => Uri.UnescapeDataString(pair.Split('=', 2)[0]) == "iss");
}
