using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Abstractions;

namespace Connectors.OAuth2;

/// <summary>
/// The generic OAuth 2.0 connector plugin (Logto's "OAuth 2.0", factory id <c>oauth2</c>): any provider that speaks the
/// authorization code flow and has a JSON user info endpoint. Register it with
/// <c>services.AddOAuth2Connector()</c>.
/// </summary>
public sealed class OAuth2ConnectorFactory : ISocialConnectorFactory
{
    /// <summary>The plugin's id, named by connector instances in <c>connectorId</c>.</summary>
    public const string FactoryId = "oauth2";

    /// <summary>The name of the <see cref="HttpClient"/> the connector uses, configured by <c>AddOAuth2Connector()</c>.</summary>
    public const string HttpClientName = "Connectors.OAuth2";

    // A plain key: generic on purpose, as the admin names the provider.
    private const string LogoSvg =
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='#5b6170' stroke-width='2' "
        + "stroke-linecap='round' stroke-linejoin='round'><circle cx='7.5' cy='15.5' r='4.5'/>"
        + "<path d='M10.7 12.3 20 3'/><path d='M16 7l3 3'/><path d='M13.5 9.5l2 2'/></svg>";

    private static readonly ConnectorMetadata s_metadata = new(
        FactoryId: FactoryId,
        DefaultName: "OAuth 2.0",
        Logo: "data:image/svg+xml," + Uri.EscapeDataString(LogoSvg),
        AllowsMultipleInstances: true,
        Description: "Signs users in with any OAuth 2.0 provider through the authorization code flow, with configurable endpoints and profile mapping.");

    private static readonly IReadOnlySet<string> s_secretFields = new HashSet<string>(StringComparer.Ordinal) { "clientSecret" };

    private static readonly Lazy<string> s_readme = new(ReadReadme);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the plugin.</summary>
    /// <param name="httpClientFactory">Provides the <see cref="HttpClientName"/> client.</param>
    /// <param name="timeProvider">The clock for per-request timeouts; the system clock when null.</param>
    public OAuth2ConnectorFactory(IHttpClientFactory httpClientFactory, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public ConnectorMetadata Metadata => s_metadata;

    /// <inheritdoc />
    /// <remarks>A new copy on each call.</remarks>
    public JsonObject ConfigSchema => OAuth2ConfigSchema.Create();

    /// <inheritdoc />
    public IReadOnlySet<string> SecretFields => s_secretFields;

    /// <inheritdoc />
    /// <remarks>Embedded in this assembly (Resources/README.md).</remarks>
    public string Readme => s_readme.Value;

    /// <inheritdoc />
    /// <remarks>On success, <see cref="ConfigValidationResult.Config"/> is an <see cref="OAuth2ConnectorConfig"/>.</remarks>
    public ConfigValidationResult ValidateConfig(JsonElement config) => OAuth2ConfigValidator.Validate(config);

    /// <inheritdoc />
    /// <exception cref="ArgumentException"><paramref name="config"/> is not an <see cref="OAuth2ConnectorConfig"/>.</exception>
    public ISocialConnector Create(object config) => config switch
    {
        OAuth2ConnectorConfig typed => new OAuth2Connector(typed, _httpClientFactory, _timeProvider),
        null => throw new ArgumentNullException(nameof(config)),
        _ => throw new ArgumentException($"Expected an {nameof(OAuth2ConnectorConfig)} from {nameof(ValidateConfig)}, got {config.GetType().Name}.", nameof(config)),
    };

    private static string ReadReadme()
    {
        using var stream = typeof(OAuth2ConnectorFactory).Assembly.GetManifestResourceStream("Connectors.OAuth2.README.md")
            ?? throw new InvalidOperationException("The connector's README is not embedded in its assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
