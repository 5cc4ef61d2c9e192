using System.Text;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Oidc;

/// <summary>
/// What the direct token paths (<see cref="DirectTokenEndpoint"/>) read from a request, and the client authentication
/// they share, as OpenIddict reads and checks them. Every method answers "plain and valid" or <c>null</c>/<c>false</c>:
/// anything unusual is OpenIddict's to judge and to answer.
/// </summary>
public static class DirectTokenRequest
{
    /// <summary>Only the named parameters, each once and not empty, and no file.</summary>
    public static bool HasOnly(IFormCollection form, IReadOnlySet<string> parameters)
    {
        if (form.Files.Count > 0)
        {
            return false;
        }
        foreach (var (name, values) in form)
        {
            if (!parameters.Contains(name) || values.Count != 1 || string.IsNullOrEmpty(values[0]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The client's id and secret by one authentication method, as OpenIddict reads it (RFC 6749 2.3.1): HTTP Basic with
    /// nothing of the client's in the form, or both in the form (the secret absent for a public client) and no
    /// Authorization header.
    /// </summary>
    public static (string ClientId, string? Secret)? ClientOf(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization;
        if (header.Count == 0)
        {
            return form[Parameters.ClientId].ToString() is { Length: > 0 } id
                ? (id, form[Parameters.ClientSecret].ToString() is { Length: > 0 } secret ? secret : null)
                : null;
        }
        if (header.Count != 1 || form.ContainsKey(Parameters.ClientId) || form.ContainsKey(Parameters.ClientSecret)
            || header[0] is not { } value || !value.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        try
        {
            var data = Encoding.ASCII.GetString(Convert.FromBase64String(value["Basic ".Length..].Trim()));
            var colon = data.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 && colon < data.Length - 1
                ? (Unescape(data[..colon]), Unescape(data[(colon + 1)..]))
                : null;
        }
        catch (FormatException)
        {
            return null;
        }

        static string Unescape(string part) => Uri.UnescapeDataString(part.Replace("+", "%20", StringComparison.Ordinal));
    }

    /// <summary>
    /// The application, when it may use the token endpoint and the grant, has no per-application settings (token
    /// lifetimes and the like are OpenIddict's to apply), and authenticates as its type requires: a confidential one
    /// with its secret (verified through the same manager and cache as OpenIddict's check), a public one with none.
    /// </summary>
    public static async ValueTask<object?> AuthenticateAsync(IOpenIddictApplicationManager applications, string clientId, string? secret,
        string grantPermission, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null
            || !await applications.HasPermissionAsync(application, Permissions.Endpoints.Token, cancellationToken)
            || !await applications.HasPermissionAsync(application, grantPermission, cancellationToken)
            || !(await applications.GetSettingsAsync(application, cancellationToken)).IsEmpty)
        {
            return null;
        }
        var authenticated = secret is null
            ? await applications.HasClientTypeAsync(application, ClientTypes.Public, cancellationToken)
            : await applications.HasClientTypeAsync(application, ClientTypes.Confidential, cancellationToken)
              && await applications.ValidateClientSecretAsync(application, secret, cancellationToken);
        return authenticated ? application : null;
    }

    /// <summary>Scopes as OpenIddict splits them, in a canonical form only (single spaces, no repeats); null when unusual.</summary>
    public static List<string>? ScopesOf(string scope)
    {
        var scopes = new List<string>();
        if (scope.Length == 0)
        {
            return scopes;
        }
        foreach (var part in scope.Split(' '))
        {
            if (part.Length == 0 || scopes.Contains(part, StringComparer.Ordinal) || !part.All(IsScopeCharacter))
            {
                return null;
            }
            scopes.Add(part);
        }
        return scopes;
    }

    // RFC 6749 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
    private static bool IsScopeCharacter(char c) => c is '\x21' or (>= '\x23' and <= '\x5B') or (>= '\x5D' and <= '\x7E');

    /// <summary>OpenIddict's issuer: the configured one, or the request's base address with /oidc appended (UseOidcIssuer).</summary>
    public static string IssuerOf(HttpRequest request, OpenIddictServerOptions options) =>
        options.Issuer?.AbsoluteUri
        ?? new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}/", UriKind.Absolute)
            .AbsoluteUri.TrimEnd('/') + OidcPaths.Prefix;
}
