using System.Net;
using System.Net.Http.Headers;
using Connectors.Abstractions;
using Connectors.OAuth2;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the generic OAuth 2.0 connector plugin.</summary>
public static class OAuth2ConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>oauth2</c> connector plugin and its <see cref="OAuth2ConnectorFactory.HttpClientName"/> HTTP client:
    /// no redirects, no cookies, a User-Agent, one retry of a failed user info GET and never a retry of a token POST.
    /// </summary>
    public static IServiceCollection AddOAuth2Connector(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        // Idempotent: a second call must not list the plugin twice.
        if (services.Any(d => d.ServiceType == typeof(ISocialConnectorFactory) && d.ImplementationType == typeof(OAuth2ConnectorFactory)))
        {
            return services;
        }

        services.AddSocialConnector<OAuth2ConnectorFactory>();

        var version = typeof(OAuth2ConnectorFactory).Assembly.GetName().Version ?? new Version(1, 0);
        services.AddHttpClient(OAuth2ConnectorFactory.HttpClientName, client =>
            {
                // Some providers (GitHub) reject requests without a User-Agent.
                client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Identity.Connectors.OAuth2", version.ToString(3)));

                // The connector times each request itself (10 s token, 5 s user info); this is only an outer bound.
                client.Timeout = TimeSpan.FromSeconds(30);

                // Token and user info answers are small; a provider streaming megabytes is not one to wait for.
                client.MaxResponseContentBufferSize = 1024 * 1024;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A code must not be re-posted, nor a token sent, to wherever a Location header points.
                AllowAutoRedirect = false,

                // The handler is pooled across users; a cookie from one user's exchange must not ride along another's.
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
            })
            .AddResilienceHandler("oauth2", pipeline => pipeline.AddRetry(CreateRetryOptions()));

        return services;
    }

    private static HttpRetryStrategyOptions CreateRetryOptions()
    {
        var options = new HttpRetryStrategyOptions
        {
            // One quick retry of a transient failure (5xx, 408, 429, network error) of the user info GET: by then the code is
            // spent, so a blip there would otherwise cost the user the whole sign-in.
            MaxRetryAttempts = 1,
            BackoffType = DelayBackoffType.Constant,
            Delay = TimeSpan.FromMilliseconds(200),
            UseJitter = false,

            // A long Retry-After would only run into the connector's 5 s timeout and hide the provider's real answer.
            ShouldRetryAfterHeader = false,
        };

        // Never retry the token POST: a code is single use (RFC 6749 §4.1.2), and a second try would only turn the real
        // error into invalid_grant, or get the code's tokens revoked.
        options.DisableForUnsafeHttpMethods();
        return options;
    }
}
