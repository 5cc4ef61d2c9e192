using System.Net;
using Connectors.Abstractions;
using Connectors.OAuth2.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Connectors.OAuth2.Tests;

public class OAuth2ConnectorServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddOAuth2Connector();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void AddOAuth2Connector_RegistersTheFactory()
    {
        using var provider = Build();

        var factory = Assert.Single(provider.GetServices<ISocialConnectorFactory>());

        Assert.IsType<OAuth2ConnectorFactory>(factory);
        Assert.Equal("oauth2", factory.Metadata.FactoryId);
    }

    [Fact]
    public void AddOAuth2Connector_PrimaryHandler_FollowsNoRedirectsAndKeepsNoCookies()
    {
        using var provider = Build();

        var handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(OAuth2ConnectorFactory.HttpClientName);
        while (handler is DelegatingHandler delegating)
        {
            handler = delegating.InnerHandler!;
        }

        var primary = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.False(primary.AllowAutoRedirect);
        Assert.False(primary.UseCookies);
    }

    [Fact]
    public void AddOAuth2Connector_Client_HasUserAgent()
    {
        using var provider = Build();

        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(OAuth2ConnectorFactory.HttpClientName);

        Assert.StartsWith("Identity.Connectors.OAuth2/", client.DefaultRequestHeaders.UserAgent.ToString(), StringComparison.Ordinal);
        Assert.True(client.Timeout > OAuth2Connector.TokenRequestTimeout);
    }

    [Fact]
    public async Task AddOAuth2Connector_TokenPost_IsNeverRetried()
    {
        var calls = 0;
        using var provider = Build(services => services
            .AddHttpClient(OAuth2ConnectorFactory.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new StubHttpMessageHandler(_ =>
            {
                Interlocked.Increment(ref calls);
                return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            })));
        var connector = provider.GetRequiredService<ISocialConnectorFactory>().Create(TestConfig.Create());

        var exception = await Assert.ThrowsAsync<ConnectorException>(() => connector.GetProfileAsync(ConnectorHarness.Callback(), CancellationToken.None));

        Assert.Equal(ConnectorErrorCode.UpstreamUnavailable, exception.Code);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task AddOAuth2Connector_UserInfoGet_IsRetriedOnceOnTransientFailure()
    {
        var gets = 0;
        using var provider = Build(services => services
            .AddHttpClient(OAuth2ConnectorFactory.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new StubHttpMessageHandler(request =>
            {
                if (request.Method == HttpMethod.Post)
                {
                    return StubHttpMessageHandler.Json("""{"access_token":"at"}""");
                }

                return Interlocked.Increment(ref gets) == 1
                    ? new HttpResponseMessage(HttpStatusCode.BadGateway)
                    : StubHttpMessageHandler.Json("""{"id":"retried"}""");
            })));
        var connector = provider.GetRequiredService<ISocialConnectorFactory>().Create(TestConfig.Create());

        var profile = await connector.GetProfileAsync(ConnectorHarness.Callback(), CancellationToken.None);

        Assert.Equal("retried", profile.Id);
        Assert.Equal(2, gets);
    }

    [Fact]
    public void AddOAuth2Connector_CalledTwice_RegistersOnce()
    {
        using var provider = Build(services => services.AddOAuth2Connector());

        Assert.Single(provider.GetServices<ISocialConnectorFactory>());
    }

    [Fact]
    public async Task AddOAuth2Connector_HugeAnswer_IsInvalidResponse()
    {
        using var provider = Build(services => services
            .AddHttpClient(OAuth2ConnectorFactory.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new StubHttpMessageHandler(_ =>
                StubHttpMessageHandler.Json($$"""{"access_token":"{{new string('a', 2 * 1024 * 1024)}}"}"""))));
        var connector = provider.GetRequiredService<ISocialConnectorFactory>().Create(TestConfig.Create());

        var exception = await Assert.ThrowsAsync<ConnectorException>(() => connector.GetProfileAsync(ConnectorHarness.Callback(), CancellationToken.None));

        Assert.Equal(ConnectorErrorCode.InvalidResponse, exception.Code);
        Assert.Equal("token request: the token endpoint's answer is larger than the connector accepts", exception.Message);
    }

    [Fact]
    public void AddOAuth2Connector_NullServices_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => OAuth2ConnectorServiceCollectionExtensions.AddOAuth2Connector(null!));
    }
}
