using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Identity.AdminConsole.Applications;

/// <summary>
/// This server's addresses as an app must be configured with: the configured issuer or, by default, the request's own
/// origin + <c>/oidc</c>, exactly as the server names itself (so the guide matches the tokens the app will receive).
/// </summary>
public sealed class ServerAddress(IOptionsMonitor<OpenIddictServerOptions> server)
{
    private const string OidcSuffix = "/oidc";

    public string Issuer(HttpRequest request) => IssuerOf(request, server.CurrentValue).TrimEnd('/');

    /// <summary>The base address that Logto's SDKs call the endpoint (they add <c>/oidc</c> themselves).</summary>
    public string Endpoint(HttpRequest request) => EndpointOf(Issuer(request));

    /// <summary>The base address of an issuer (<c>https://id.example.com/oidc</c> → <c>https://id.example.com</c>).</summary>
    internal static string EndpointOf(string issuer)
    {
        issuer = issuer.TrimEnd('/');
        return issuer.EndsWith(OidcSuffix, StringComparison.Ordinal) ? issuer[..^OidcSuffix.Length] : issuer;
    }

    public string Discovery(HttpRequest request) => Issuer(request) + "/.well-known/openid-configuration";

    internal static string IssuerOf(HttpRequest request, OpenIddictServerOptions options) =>
        options.Issuer?.AbsoluteUri ?? $"{request.Scheme}://{request.Host}{request.PathBase}{OidcSuffix}";
}
