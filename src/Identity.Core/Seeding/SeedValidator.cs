using Identity.Core.Applications;

namespace Identity.Core.Seeding;

/// <summary>A problem in the seed file, naming the entry and the field, e.g. <c>applications[0] (bookstore).redirectUris[1]</c>.</summary>
public sealed record SeedError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Checks a whole seed file before anything is applied, so a bad file changes nothing.</summary>
public static class SeedValidator
{
    /// <summary>Secrets shorter than this are refused: they would be guessable.</summary>
    public const int MinSecretLength = 16;

    public static IReadOnlyList<SeedError> Validate(SeedFile file)
    {
        var errors = new List<SeedError>();
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

            ValidateApplication(app, entry, errors);
            if (!string.IsNullOrEmpty(app.Id) && !ids.Add(app.Id))
            {
                errors.Add(new($"{entry}.id", $"the id '{app.Id}' is used by another application in this file."));
            }
        }

        return errors;
    }

    private static void ValidateApplication(ApplicationSeed app, string entry, List<SeedError> errors)
    {
        if (string.IsNullOrWhiteSpace(app.Id))
        {
            errors.Add(new($"{entry}.id", "is required."));
        }
        else if (app.Id.Length > 100 || app.Id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            errors.Add(new($"{entry}.id", "use at most 100 letters, digits, '-', '_' or '.'."));
        }

        if (string.IsNullOrWhiteSpace(app.Name))
        {
            errors.Add(new($"{entry}.name", "is required."));
        }

        // Exactly one of the names: Enum.TryParse would also take "SPA, Native", " SPA" or "1".
        if (app.Type is null || !Enum.GetNames<ApplicationType>().Contains(app.Type, StringComparer.Ordinal))
        {
            errors.Add(new($"{entry}.type", $"must be one of {string.Join(", ", Enum.GetNames<ApplicationType>())} (got '{app.Type}')."));
            return;
        }

        var type = Enum.Parse<ApplicationType>(app.Type);
        if (type.IsConfidential())
        {
            if (string.IsNullOrEmpty(app.Secret))
            {
                errors.Add(new($"{entry}.secret", $"is required for a {type} application."));
            }
            else if (app.Secret.Length < MinSecretLength)
            {
                errors.Add(new($"{entry}.secret", $"must be at least {MinSecretLength} characters long."));
            }
        }
        else if (!string.IsNullOrEmpty(app.Secret))
        {
            errors.Add(new($"{entry}.secret", $"a {type} application is public and cannot keep a secret; remove it."));
        }

        if (type.SignsUsersIn() && (app.RedirectUris is null || app.RedirectUris.Count == 0))
        {
            errors.Add(new($"{entry}.redirectUris", $"a {type} application needs at least one redirect URI."));
        }
        else if (!type.SignsUsersIn() && app.RedirectUris is { Count: > 0 })
        {
            errors.Add(new($"{entry}.redirectUris", "a MachineToMachine application does not sign users in; remove its redirect URIs."));
        }

        ValidateUris(app.RedirectUris, $"{entry}.redirectUris", type, errors);
        ValidateUris(app.PostLogoutRedirectUris, $"{entry}.postLogoutRedirectUris", type, errors);

        for (var i = 0; i < (app.Scopes?.Count ?? 0); i++)
        {
            var scope = app.Scopes![i];
            if (string.IsNullOrWhiteSpace(scope) || scope.Any(char.IsWhiteSpace))
            {
                errors.Add(new($"{entry}.scopes[{i}]", "a scope is one word without spaces."));
            }
        }
    }

    // Schemes that would run code or read files in the user's browser if the server redirected to them.
    private static readonly HashSet<string> DangerousSchemes = new(StringComparer.OrdinalIgnoreCase) { "javascript", "data", "file", "vbscript", "blob" };

    private static void ValidateUris(List<string>? uris, string path, ApplicationType type, List<SeedError> errors)
    {
        for (var i = 0; i < (uris?.Count ?? 0); i++)
        {
            var value = uris![i];
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
}
