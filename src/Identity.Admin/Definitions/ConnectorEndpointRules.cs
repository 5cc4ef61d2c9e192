using System.Text.Json;
using Connectors.Abstractions;

namespace Identity.Admin.Definitions;

/// <summary>What the server allows in connector endpoint URLs beyond the plugin's own rules (configuration: <c>Connectors</c>).</summary>
public sealed record ConnectorEndpointPolicy
{
    public const string Section = "Connectors";

    /// <summary>Plain http only on loopback hosts: Logto's defaults, and what the redirect URI rules say.</summary>
    public static readonly ConnectorEndpointPolicy Default = new();

    /// <summary>
    /// <c>Connectors:AllowHttpEndpoints</c>: allow plain http endpoints on any host, for a provider on a private network
    /// the admin trusts. The client secret, the code and the user's tokens then cross that network unencrypted.
    /// </summary>
    public bool AllowHttpEndpoints { get; init; }
}

/// <summary>
/// The server's rules for URLs in any connector's config, whatever the plugin: every top-level string that is an http or
/// https URL is an address the server will call or send users to. Credentials never belong in one (the plugin's
/// <c>clientId</c>/<c>clientSecret</c> are kept secret, a URL is shown to every admin and logged), and plain http only
/// on loopback, unless the <see cref="ConnectorEndpointPolicy"/> allows it.
/// </summary>
public static class ConnectorEndpointRules
{
    public static IReadOnlyList<ConfigFieldError> Check(JsonElement config, ConnectorEndpointPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var errors = new List<ConfigFieldError>();
        foreach (var (field, uri) in Urls(config))
        {
            // The value is never quoted: it may hold a password.
            if (uri.UserInfo.Length > 0)
            {
                errors.Add(new(field, "must not contain a user name or password (user:password@host): put the credentials in " +
                    "clientId and clientSecret, which are kept secret."));
            }
            else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && !policy.AllowHttpEndpoints)
            {
                errors.Add(new(field, $"uses plain http on '{uri.Host}'; only loopback addresses (localhost, 127.0.0.1) may, unless the " +
                    $"server sets {ConnectorEndpointPolicy.Section}:{nameof(ConnectorEndpointPolicy.AllowHttpEndpoints)}=true (for a private network)."));
            }
        }
        return errors;
    }

    /// <summary>
    /// The value with a URL's user name and password replaced by <paramref name="mask"/>, for showing a config stored
    /// before these rules; anything else unchanged.
    /// </summary>
    public static string MaskUserInfo(string value, string mask)
    {
        if (AsUrl(value) is not { UserInfo.Length: > 0 })
        {
            return value;
        }
        var start = value.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = value.IndexOfAny(['/', '?', '#'], start) is var end and >= 0 ? end : value.Length;
        var at = value.LastIndexOf('@', authorityEnd - 1, authorityEnd - start);
        return at < 0 ? value : string.Concat(value.AsSpan(0, start), mask, value.AsSpan(at));
    }

    private static IEnumerable<(string Field, Uri Uri)> Urls(JsonElement config)
    {
        if (config.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }
        foreach (var property in config.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String && AsUrl(property.Value.GetString()!) is { } uri)
            {
                yield return (property.Name, uri);
            }
        }
    }

    private static Uri? AsUrl(string value) =>
        (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) &&
        Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri : null;
}
