using System.Collections.ObjectModel;
using System.Text.Json;
using Connectors.Abstractions;

namespace Connectors.OAuth2;

/// <summary>
/// Turns a JSON configuration into an <see cref="OAuth2ConnectorConfig"/>, collecting every field error rather than
/// stopping at the first. Field names and defaults are Logto's; unknown top-level keys (the admin console adds some,
/// such as <c>clientSecretJwtSigningAlgorithm</c>) are ignored. A JSON <c>null</c> counts as absent.
/// </summary>
internal static class OAuth2ConfigValidator
{
    public static ConfigValidationResult Validate(JsonElement config)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            return ConfigValidationResult.Invalid(
                [new("$", $"The configuration must be a JSON object, found {JsonKindText.Describe(config.ValueKind)}.")]);
        }

        var errors = new List<ConfigFieldError>();

        var authorizationEndpoint = ReadEndpoint(config, "authorizationEndpoint", errors);
        var tokenEndpoint = ReadEndpoint(config, "tokenEndpoint", errors);
        var userInfoEndpoint = ReadEndpoint(config, "userInfoEndpoint", errors);
        var clientId = ReadRequiredString(config, "clientId", errors);

        // Required even when unused, as in Logto, so switching the auth method never finds a missing secret.
        var clientSecret = ReadRequiredString(config, "clientSecret", errors);

        // An empty scope is treated as unset: sending "scope=" asks for nothing and some providers reject it.
        var scope = ReadOptionalString(config, "scope", errors) is { } s && !string.IsNullOrWhiteSpace(s) ? s : null;

        ReadSingleValue(config, "responseType", "code", "only the authorization code flow is supported", errors);
        ReadSingleValue(config, "grantType", "authorization_code", "only the authorization code grant is supported", errors);
        var authMethod = ReadAuthMethod(config, errors);
        var responseType = ReadTokenResponseType(config, errors);
        var customConfig = ReadCustomConfig(config, errors);
        var profileMap = ReadProfileMap(config, errors);
        var usePkce = ReadBoolean(config, "usePkce", defaultValue: false, errors);
        var issuer = ReadIssuer(config, errors);

        if (errors.Count > 0)
        {
            return ConfigValidationResult.Invalid(errors);
        }

        return ConfigValidationResult.Valid(new OAuth2ConnectorConfig(
            authorizationEndpoint!,
            tokenEndpoint!,
            userInfoEndpoint!,
            clientId!,
            clientSecret!,
            scope,
            authMethod,
            responseType,
            customConfig,
            profileMap,
            usePkce,
            issuer));
    }

    private static bool TryGet(JsonElement config, string name, out JsonElement value) =>
        config.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private static string? ReadOptionalString(JsonElement config, string name, List<ConfigFieldError> errors, string? field = null)
    {
        if (!TryGet(config, name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(field ?? name, $"Must be a string, found {JsonKindText.Describe(value.ValueKind)}."));
            return null;
        }

        return value.GetString();
    }

    private static string? ReadRequiredString(JsonElement config, string name, List<ConfigFieldError> errors)
    {
        if (!TryGet(config, name, out _))
        {
            errors.Add(new(name, "Required."));
            return null;
        }

        var value = ReadOptionalString(config, name, errors);
        if (value is { Length: 0 })
        {
            errors.Add(new(name, "Must not be empty."));
            return null;
        }

        return value;
    }

    private static Uri? ReadEndpoint(JsonElement config, string name, List<ConfigFieldError> errors)
    {
        var text = ReadRequiredString(config, name, errors);
        if (text is null)
        {
            return null;
        }

        // Plain http is allowed on purpose: admins test against providers running on their own machine.
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            errors.Add(new(name, "Must be an absolute http or https URL, e.g. https://provider.example/oauth/token."));
            return null;
        }

        // Parameters are appended to the query; a fragment would swallow them.
        if (uri.Fragment.Length > 0)
        {
            errors.Add(new(name, "Must not contain a fragment ('#...')."));
            return null;
        }

        return uri;
    }

    private static string? ReadIssuer(JsonElement config, List<ConfigFieldError> errors)
    {
        const string Name = "issuer";
        var text = ReadOptionalString(config, Name, errors);
        if (text is null)
        {
            return null;
        }

        // Empty is an error rather than "unset": an admin who typed an issuer and lost it should not silently lose the check.
        if (text.Length == 0)
        {
            errors.Add(new(Name, "Must not be empty; leave it out when the provider does not send 'iss' (RFC 9207)."));
            return null;
        }

        // The same schemes as the endpoints (plain http for providers on the admin's own machine). An issuer identifier
        // has no query or fragment (RFC 8414 section 2).
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host)
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0)
        {
            errors.Add(new(Name, "Must be an absolute http or https URL without query or fragment, e.g. https://provider.example."));
            return null;
        }

        // The text itself is kept, not the parsed URI: the callback's iss is compared to it character for character.
        return text;
    }

    private static void ReadSingleValue(JsonElement config, string name, string allowed, string why, List<ConfigFieldError> errors)
    {
        var value = ReadOptionalString(config, name, errors);
        if (value is not null && value != allowed)
        {
            errors.Add(new(name, $"Must be '{allowed}': {why}."));
        }
    }

    private static OAuth2TokenEndpointAuthMethod ReadAuthMethod(JsonElement config, List<ConfigFieldError> errors)
    {
        const string Name = "tokenEndpointAuthMethod";
        switch (ReadOptionalString(config, Name, errors))
        {
            case null or "client_secret_post":
                return OAuth2TokenEndpointAuthMethod.ClientSecretPost;
            case "client_secret_basic":
                return OAuth2TokenEndpointAuthMethod.ClientSecretBasic;
            case "client_secret_jwt":
                // In Logto's schema, but signing client assertions is not implemented here yet.
                errors.Add(new(Name, "'client_secret_jwt' is not supported yet; use 'client_secret_post' or 'client_secret_basic'."));
                return default;
            default:
                errors.Add(new(Name, "Must be 'client_secret_post' or 'client_secret_basic'."));
                return default;
        }
    }

    private static OAuth2TokenEndpointResponseType ReadTokenResponseType(JsonElement config, List<ConfigFieldError> errors)
    {
        const string Name = "tokenEndpointResponseType";
        switch (ReadOptionalString(config, Name, errors))
        {
            case null or "query-string":
                return OAuth2TokenEndpointResponseType.QueryString;
            case "json":
                return OAuth2TokenEndpointResponseType.Json;
            default:
                errors.Add(new(Name, "Must be 'query-string' or 'json'."));
                return default;
        }
    }

    private static ReadOnlyDictionary<string, string> ReadCustomConfig(JsonElement config, List<ConfigFieldError> errors)
    {
        const string Name = "customConfig";

        // Ordered, because parameters are sent in config order, as Logto's object spread does.
        var entries = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        if (!TryGet(config, Name, out var value))
        {
            return new ReadOnlyDictionary<string, string>(entries);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(Name, $"Must be an object of string values, found {JsonKindText.Describe(value.ValueKind)}."));
            return new ReadOnlyDictionary<string, string>(entries);
        }

        foreach (var property in value.EnumerateObject())
        {
            var field = $"{Name}.{property.Name}";
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new(field, $"Must be a string, found {JsonKindText.Describe(property.Value.ValueKind)}."));
            }
            else if (SnakeCase.Convert(property.Name).Length == 0)
            {
                errors.Add(new(field, "The key must contain an ASCII letter or digit: it is sent snake_cased."));
            }
            else
            {
                entries[property.Name] = property.Value.GetString()!;
            }
        }

        return new ReadOnlyDictionary<string, string>(entries);
    }

    private static OAuth2ProfileMap ReadProfileMap(JsonElement config, List<ConfigFieldError> errors)
    {
        const string Name = "profileMap";
        if (!TryGet(config, Name, out var value))
        {
            return OAuth2ProfileMap.Default;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(Name, $"Must be an object, found {JsonKindText.Describe(value.ValueKind)}."));
            return OAuth2ProfileMap.Default;
        }

        // Each key defaults on its own to its own name, as in Logto.
        string Path(string key)
        {
            var field = $"{Name}.{key}";
            var path = ReadOptionalString(value, key, errors, field);
            if (path is { Length: 0 })
            {
                errors.Add(new(field, "Must not be empty: a dot-separated path into the user info, e.g. 'sub' or 'data.id'."));
            }

            return string.IsNullOrEmpty(path) ? key : path;
        }

        return new OAuth2ProfileMap(Path("id"), Path("email"), Path("phone"), Path("name"), Path("avatar"));
    }

    private static bool ReadBoolean(JsonElement config, string name, bool defaultValue, List<ConfigFieldError> errors)
    {
        if (!TryGet(config, name, out var value))
        {
            return defaultValue;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(new(name, $"Must be true or false, found {JsonKindText.Describe(value.ValueKind)}."));
            return defaultValue;
        }

        return value.GetBoolean();
    }
}
