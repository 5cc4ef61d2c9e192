using System.Text;
using System.Text.Json;
using Identity.Admin;
using Identity.Keys;
using Identity.Server.Audit;
using Identity.Server.Operations;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Oidc;

/// <summary>
/// The client-credentials grant answered ahead of OpenIddict's pipeline, when the request is plain and valid: a form
/// POST with <c>grant_type</c>, an optional <c>scope</c> and the client's id and secret (HTTP Basic or in the form),
/// each once, from a confidential application allowed the grant and every scope it asks for. That is nearly every
/// request a machine client makes, and OpenIddict's pipeline (hundreds of handlers resolved and run per request, an MVC
/// action, an authentication handler) was most of its cost once the token had no row.
/// <para>
/// It issues exactly what OpenIddict issues for the same request (the same key, claims, lifetime, JSON and headers,
/// the same audit entry and metric; <c>DirectClientCredentialsTests</c> sends the same requests to both and compares).
/// Anything else falls through to OpenIddict untouched: every refusal (unknown client, wrong secret, scope not granted,
/// a repeated or unexpected parameter, another authentication method...) is OpenIddict's answer, so errors, failure
/// audit and failure rate limits stay in one place. Off with <c>TokenEndpoint:DirectClientCredentials=false</c>.
/// </para>
/// </summary>
public sealed class DirectClientCredentials(
    IOptionsMonitor<OpenIddictServerOptions> server,
    SigningKeyRing ring,
    IdentityMetrics metrics,
    TimeProvider clock)
{
    public const string Setting = "TokenEndpoint:DirectClientCredentials";

    private static readonly PathString TokenPath = OidcPaths.TokenRoute;
    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    // Routing has not run: the request still gets the token endpoint's route, as the MVC action would give it, so the
    // request metrics and traces (http.route="oidc/token") count it with every other token request.
    private static readonly Endpoint TokenEndpoint = new(null,
        new EndpointMetadataCollection(new RouteDiagnostics(OidcPaths.TokenRoute.TrimStart('/'))), "Token endpoint (direct client credentials)");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!await TryAnswerAsync(context))
        {
            await next(context);
        }
    }

    private async Task<bool> TryAnswerAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.Path.Equals(TokenPath, StringComparison.Ordinal)
            || request.QueryString.HasValue || !request.HasFormContentType)
        {
            return false;
        }

        // The form was read (within its limits) by the form-reading gate; this is the cached copy.
        var form = await request.ReadFormAsync(context.RequestAborted);
        if (!IsPlainClientCredentials(form) || ClientCredentialsOf(request, form) is not var (clientId, secret))
        {
            return false;
        }
        var scope = form[Parameters.Scope].ToString();
        var scopes = ScopesOf(scope);
        if (scopes is null)
        {
            return false;
        }

        var applications = context.RequestServices.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await applications.FindByClientIdAsync(clientId, context.RequestAborted);
        if (application is null
            || !await applications.HasClientTypeAsync(application, ClientTypes.Confidential, context.RequestAborted)
            || !await applications.HasPermissionAsync(application, Permissions.Endpoints.Token, context.RequestAborted)
            || !await applications.HasPermissionAsync(application, Permissions.GrantTypes.ClientCredentials, context.RequestAborted)
            // Per-application token lifetimes and other settings are OpenIddict's to apply.
            || !(await applications.GetSettingsAsync(application, context.RequestAborted)).IsEmpty
            || !await applications.ValidateClientSecretAsync(application, secret, context.RequestAborted)
            || (await ScopeGrants.NotGrantedAsync(applications, application, scopes, context.RequestAborted)).Count > 0)
        {
            return false;
        }

        var options = server.CurrentValue;
        if (ScheduledSigning.CredentialsFor(ring, options, idToken: false) is not { } signing)
        {
            return false;
        }
        var grants = ApplicationGrants.VersionOf(await applications.GetPropertiesAsync(application, context.RequestAborted));

        // Saved before the token leaves, as at the MVC action: a database that cannot take it is a 503, not a token
        // issued without its audit entry.
        var audit = context.RequestServices.GetRequiredService<DatabaseAuditLog>();
        await audit.RecordAloneAsync(
            TokenIssuedAudit.For(GrantTypes.ClientCredentials, scope.Length > 0 ? scope : null, clientId, userId: null, username: null),
            context.RequestAborted);

        // As OpenIddict does: the token's times in whole seconds, expires_in rounded from the expiry to now.
        var now = clock.GetUtcNow();
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var expires = issuedAt + options.AccessTokenLifetime;
        var token = Tokens.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = JsonWebTokenTypes.AccessToken,
            Issuer = IssuerOf(request, options),
            IssuedAt = issuedAt.UtcDateTime,
            Expires = expires?.UtcDateTime,
            SigningCredentials = signing,
            Claims = AccessTokenClaims(clientId, scopes, grants),
        });

        context.SetEndpoint(TokenEndpoint);
        metrics.TokenResponse(GrantTypes.ClientCredentials, error: null, direct: true);
        var expiresIn = expires is { } date ? (long)((date - clock.GetUtcNow()).TotalSeconds + .5) : (long?)null;
        await WriteAsync(context.Response, token, expiresIn, scope);
        return true;
    }

    // What OpenIddict writes into a client-credentials access token for our TokenController's principal: the subject and
    // client id (the application itself), the grants it was issued under, the presenter, the scopes and a new id.
    private static Dictionary<string, object> AccessTokenClaims(string clientId, List<string> scopes, string grants)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Claims.JwtId] = Guid.NewGuid().ToString(),
            [Claims.Subject] = clientId,
            [ApplicationGrants.AccessTokenClaim] = grants,
            [Claims.Private.Presenter] = clientId,
            [Claims.ClientId] = clientId,
        };
        if (scopes.Count > 0)
        {
            claims[Claims.Scope] = string.Join(' ', scopes);
        }
        return claims;
    }

    // Only grant_type, scope, client_id and client_secret, each once and not empty: anything more is OpenIddict's to judge.
    private static bool IsPlainClientCredentials(IFormCollection form)
    {
        if (form.Files.Count > 0 || !string.Equals(form[Parameters.GrantType], GrantTypes.ClientCredentials, StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var (name, values) in form)
        {
            if (name is not (Parameters.GrantType or Parameters.Scope or Parameters.ClientId or Parameters.ClientSecret)
                || values.Count != 1 || string.IsNullOrEmpty(values[0]))
            {
                return false;
            }
        }
        return true;
    }

    // One authentication method, as OpenIddict reads it (RFC 6749 2.3.1): HTTP Basic with nothing of the client's in the
    // form, or both in the form and no Authorization header.
    private static (string ClientId, string Secret)? ClientCredentialsOf(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization;
        if (header.Count == 0)
        {
            return form[Parameters.ClientId].ToString() is { Length: > 0 } id && form[Parameters.ClientSecret].ToString() is { Length: > 0 } secret
                ? (id, secret) : null;
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

    // Scopes as OpenIddict splits them, in a canonical form only (single spaces, no repeats); null when unusual.
    private static List<string>? ScopesOf(string scope)
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

    // OpenIddict's issuer: the configured one, or the request's base address with /oidc appended (UseOidcIssuer).
    private static string IssuerOf(HttpRequest request, OpenIddictServerOptions options) =>
        options.Issuer?.AbsoluteUri
        ?? new Uri($"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}/", UriKind.Absolute)
            .AbsoluteUri.TrimEnd('/') + OidcPaths.Prefix;

    // The token response as OpenIddict writes it (RFC 6749 5.1), with the scopes named whenever some were asked for
    // (AlwaysReturnGrantedScope; OpenIddict leaves an empty scope out).
    private static async Task WriteAsync(HttpResponse response, string token, long? expiresIn, string scope)
    {
        using var buffer = new MemoryStream(token.Length + 128);
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            json.WriteString(Parameters.AccessToken, token);
            json.WriteString(Parameters.TokenType, TokenTypes.Bearer);
            if (expiresIn is { } seconds)
            {
                json.WriteNumber(Parameters.ExpiresIn, seconds);
            }
            if (scope.Length > 0)
            {
                json.WriteString(Parameters.Scope, scope);
            }
            json.WriteEndObject();
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json;charset=UTF-8";
        response.ContentLength = buffer.Length;
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), response.HttpContext.RequestAborted);
    }
}

internal sealed record RouteDiagnostics(string Route) : IRouteDiagnosticsMetadata;

public static class DirectClientCredentialsRegistration
{
    /// <summary>Answers plain, valid client-credentials requests before routing (see <see cref="DirectClientCredentials"/>).</summary>
    public static IApplicationBuilder UseDirectClientCredentials(this IApplicationBuilder app, IConfiguration configuration)
    {
        if (!configuration.GetValue(DirectClientCredentials.Setting, defaultValue: true))
        {
            return app;
        }
        var direct = ActivatorUtilities.CreateInstance<DirectClientCredentials>(app.ApplicationServices);
        return app.Use(direct.InvokeAsync);
    }
}
