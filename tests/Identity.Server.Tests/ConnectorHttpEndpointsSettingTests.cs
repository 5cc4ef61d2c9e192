using Identity.Admin.Definitions;
using Identity.Admin;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary><c>Connectors:AllowHttpEndpoints=true</c> lets an admin point a connector at plain http on a private network.</summary>
public sealed class ConnectorHttpEndpointsSettingTests(ConnectorHttpEndpointsSettingTests.OptedInServer server)
    : IClassFixture<ConnectorHttpEndpointsSettingTests.OptedInServer>
{
    public sealed class OptedInServer : IdentityServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Connectors:AllowHttpEndpoints", "true")];

        public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
        {
            await using var scope = Services.CreateAsyncScope();
            return await action(scope.ServiceProvider);
        }
    }

    [Fact]
    public async Task OptedIn_APlainHttpEndpointOnAPrivateHost_IsAccepted_ButCredentialsInItAreNot()
    {
        ConnectorDefinition Seed(string id, string tokenEndpoint) => new()
        {
            Id = id, ConnectorId = "oauth2", Target = id, Name = "Intranet",
            Config = System.Text.Json.JsonSerializer.SerializeToElement(new
            {
                authorizationEndpoint = "http://sso.intranet.example/authorize", tokenEndpoint,
                userInfoEndpoint = "http://sso.intranet.example/userinfo", clientId = "id", clientSecret = "secret",
            }),
        };

        var created = await server.WithScopeAsync(services =>
            services.GetRequiredService<ConnectorAdmin>().CreateAsync(Seed("intranet", "http://sso.intranet.example/token"), CancellationToken.None));
        var refused = await Assert.ThrowsAsync<AdminValidationException>(() => server.WithScopeAsync(services =>
            services.GetRequiredService<ConnectorAdmin>().CreateAsync(Seed("intranet2", "http://u:p@sso.intranet.example/token"), CancellationToken.None)));

        Assert.Equal("intranet", created.Id);
        Assert.Equal("config.tokenEndpoint", Assert.Single(refused.Problems).Path);
    }
}
