using System.Text.Json;
using Identity.Server.Operations;
using Microsoft.AspNetCore.Http.Metadata;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Oidc;

/// <summary>What a direct path issued: the token response's members (RFC 6749 5.1).</summary>
public sealed record DirectTokenResponse(string AccessToken, DateTimeOffset? ExpiresAt, string Scope, string? IdToken = null, string? RefreshToken = null);

/// <summary>
/// The token endpoint's two busiest grants answered ahead of OpenIddict's pipeline, when the request is plain and valid:
/// client credentials (<see cref="DirectClientCredentials"/>) and refresh (<see cref="DirectRefreshGrant"/>). That is
/// nearly every request a machine client or a signed-in app makes, and OpenIddict's pipeline (hundreds of handlers
/// resolved and run per request, an MVC action, an authentication handler) was most of their cost.
/// <para>
/// Each issues exactly what OpenIddict issues for the same request: the same keys, claims, lifetimes, rows, JSON and
/// headers, the same audit entry and metric (tag <c>path=direct</c>); their tests send the same requests to a server
/// with and without them and compare. Anything else falls through to OpenIddict untouched, so every refusal (unknown
/// client, wrong secret, a used or revoked token, a repeated or unexpected parameter...) is OpenIddict's answer: errors,
/// failure audit, failure rate limits and replay detection stay in one place. Each is off with its setting.
/// </para>
/// </summary>
public sealed class DirectTokenEndpoint(DirectClientCredentials? clientCredentials, DirectRefreshGrant? refresh, IdentityMetrics metrics,
    TimeProvider clock)
{
    private static readonly PathString TokenPath = OidcPaths.TokenRoute;
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    // Routing has not run: the request still gets the token endpoint's route, as the MVC action would give it, so the
    // request metrics and traces (http.route="oidc/token") count it with every other token request.
    private static readonly Endpoint Endpoint = new(null,
        new EndpointMetadataCollection(new RouteDiagnostics(OidcPaths.TokenRoute.TrimStart('/'))), "Token endpoint (direct path)");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || !request.Path.Equals(TokenPath, StringComparison.Ordinal)
            || request.QueryString.HasValue || !request.HasFormContentType)
        {
            await next(context);
            return;
        }

        // The form was read (within its limits) by the form-reading gate; this is the cached copy.
        var form = await request.ReadFormAsync(context.RequestAborted);
        var grantType = form[Parameters.GrantType].ToString();
        var response = grantType switch
        {
            GrantTypes.ClientCredentials when clientCredentials is not null => await clientCredentials.TryIssueAsync(context, form),
            GrantTypes.RefreshToken when refresh is not null => await refresh.TryIssueAsync(context, form),
            _ => null,
        };
        if (response is null)
        {
            await next(context);
            return;
        }

        context.SetEndpoint(Endpoint);
        metrics.TokenResponse(grantType, error: null, direct: true);
        await WriteAsync(context.Response, response);
    }

    // The token response as OpenIddict writes it, with the scopes named whenever some were granted
    // (AlwaysReturnGrantedScope; OpenIddict leaves an empty scope out), expires_in rounded from the expiry to now.
    private async Task WriteAsync(HttpResponse http, DirectTokenResponse response)
    {
        using var buffer = new MemoryStream(response.AccessToken.Length + (response.IdToken?.Length ?? 0) + (response.RefreshToken?.Length ?? 0) + 256);
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            json.WriteString(Parameters.AccessToken, response.AccessToken);
            json.WriteString(Parameters.TokenType, TokenTypes.Bearer);
            if (response.ExpiresAt is { } expires)
            {
                json.WriteNumber(Parameters.ExpiresIn, (long)((expires - clock.GetUtcNow()).TotalSeconds + .5));
            }
            if (response.Scope.Length > 0)
            {
                json.WriteString(Parameters.Scope, response.Scope);
            }
            if (response.IdToken is { } idToken)
            {
                json.WriteString(Parameters.IdToken, idToken);
            }
            if (response.RefreshToken is { } refreshToken)
            {
                json.WriteString(Parameters.RefreshToken, refreshToken);
            }
            json.WriteEndObject();
        }

        http.StatusCode = StatusCodes.Status200OK;
        http.ContentType = "application/json;charset=UTF-8";
        http.ContentLength = buffer.Length;
        http.Headers.CacheControl = "no-store";
        http.Headers.Pragma = "no-cache";
        http.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
        await http.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.HttpContext.RequestAborted);
    }
}

internal sealed record RouteDiagnostics(string Route) : IRouteDiagnosticsMetadata;

public static class DirectTokenEndpointRegistration
{
    /// <summary>Answers plain, valid client-credentials and refresh requests before routing (see <see cref="DirectTokenEndpoint"/>).</summary>
    public static IApplicationBuilder UseDirectTokenEndpoint(this IApplicationBuilder app, IConfiguration configuration)
    {
        var services = app.ApplicationServices;
        var clientCredentials = configuration.GetValue(DirectClientCredentials.Setting, defaultValue: true)
            ? ActivatorUtilities.CreateInstance<DirectClientCredentials>(services) : null;
        var refresh = configuration.GetValue(DirectRefreshGrant.Setting, defaultValue: true)
            ? ActivatorUtilities.CreateInstance<DirectRefreshGrant>(services) : null;
        if (clientCredentials is null && refresh is null)
        {
            return app;
        }
        var endpoint = new DirectTokenEndpoint(clientCredentials, refresh, services.GetRequiredService<IdentityMetrics>(),
            services.GetRequiredService<TimeProvider>());
        return app.Use(endpoint.InvokeAsync);
    }
}
