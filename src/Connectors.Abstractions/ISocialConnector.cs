using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Abstractions;

/// <summary>What the server asks of a connector when a user clicks its button.</summary>
/// <param name="State">The one-time state the server generated and bound to the browser; sent upstream unchanged.</param>
/// <param name="RedirectUri">This server's callback for the connector instance, <c>{base}/callback/{connectorId}</c>.</param>
/// <param name="CodeChallenge">The S256 PKCE challenge to send, when <see cref="ISocialConnector.UsesPkce"/> is true.</param>
public sealed record AuthorizationRequest(string State, Uri RedirectUri, string? CodeChallenge);

/// <summary>The upstream provider's callback, after the server has checked its state.</summary>
/// <param name="Parameters">The callback's parameters (query string, or form for form_post).</param>
/// <param name="RedirectUri">The redirect URI sent in the authorization request (sent again at the token endpoint).</param>
/// <param name="CodeVerifier">The PKCE verifier matching the challenge that was sent, if any.</param>
public sealed record CallbackContext(IReadOnlyDictionary<string, string> Parameters, Uri RedirectUri, string? CodeVerifier);

/// <summary>One configured connector: the two verbs of a social sign-in.</summary>
public interface ISocialConnector
{
    /// <summary>Whether the server should generate a PKCE verifier for each attempt (and pass its S256 challenge).</summary>
    bool UsesPkce { get; }

    /// <summary>Builds the URL the user's browser is sent to at the upstream provider.</summary>
    Uri BuildAuthorizationUri(AuthorizationRequest request);

    /// <summary>
    /// Turns the upstream callback into a profile: reads errors and the code, exchanges the code, fetches and maps the
    /// user info. Throws <see cref="ConnectorException"/> on any failure.
    /// </summary>
    Task<SocialProfile> GetProfileAsync(CallbackContext callback, CancellationToken cancellationToken);
}

/// <summary>A connector plugin: its metadata, its configuration schema, and a way to build configured connectors.</summary>
public interface ISocialConnectorFactory
{
    /// <summary>The plugin's metadata.</summary>
    ConnectorMetadata Metadata { get; }

    /// <summary>A JSON Schema of the configuration, for admin tools and editors.</summary>
    JsonObject ConfigSchema { get; }

    /// <summary>Top-level config fields that are secrets: encrypted at rest and never shown back in clear.</summary>
    IReadOnlySet<string> SecretFields { get; }

    /// <summary>
    /// The plugin's guide for admins, in Markdown (CommonMark, no raw HTML: admin tools render it with HTML disabled):
    /// what each config field means, what to register at the provider, an example. Shown beside the config form.
    /// Null when the plugin has none; a default, so plugins written before it still build.
    /// </summary>
    string? Readme => null;

    /// <summary>Validates a JSON configuration into the plugin's typed configuration, reporting every bad field.</summary>
    ConfigValidationResult ValidateConfig(JsonElement config);

    /// <summary>Builds a connector from a configuration that <see cref="ValidateConfig"/> accepted.</summary>
    ISocialConnector Create(object config);
}
