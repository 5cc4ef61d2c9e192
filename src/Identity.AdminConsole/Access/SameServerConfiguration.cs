using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using OpenIddict.Server;

namespace Identity.AdminConsole.Access;

/// <summary>
/// The console client's view of this server's OpenID Connect metadata, built in process for each request instead of
/// fetched over HTTP: the issuer is the configured one or, by default, the request's own origin + <c>/oidc</c> (exactly
/// as the server names itself, so one console works on every name the server answers to), and the ID token's signing
/// keys are the ones the server signs with right now.
/// </summary>
internal sealed class SameServerConfiguration(IHttpContextAccessor http, IOptionsMonitor<OpenIddictServerOptions> server)
    : IConfigurationManager<OpenIdConnectConfiguration>
{
    public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var request = http.HttpContext?.Request ?? throw new InvalidOperationException("The console's OpenID Connect client runs within a request.");
        var options = server.CurrentValue;
        var issuer = Applications.ServerAddress.IssuerOf(request, options);
        var root = issuer.TrimEnd('/');
        var configuration = new OpenIdConnectConfiguration
        {
            Issuer = issuer,
            AuthorizationEndpoint = root + "/auth",
            TokenEndpoint = root + "/token",
            EndSessionEndpoint = root + "/session/end",
        };
        foreach (var credentials in options.SigningCredentials)
        {
            configuration.SigningKeys.Add(credentials.Key);
        }
        return Task.FromResult(configuration);
    }

    public void RequestRefresh()
    {
        // Nothing is cached: every request builds the configuration afresh.
    }
}
