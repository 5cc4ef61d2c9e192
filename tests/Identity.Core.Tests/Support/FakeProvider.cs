using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Abstractions;

namespace Identity.Core.Tests.Support;

/// <summary>
/// A connector plugin whose "upstream provider" is this object: it answers every callback with <see cref="Profile"/>,
/// or throws <see cref="Error"/> when set, and remembers what it was asked, so a test can tell whether the server went
/// upstream at all. No network.
/// </summary>
internal sealed class FakeProvider : ISocialConnectorFactory
{
    public const string FactoryId = "fake";

    private readonly List<AuthorizationRequest> _authorizationRequests = [];
    private readonly List<CallbackContext> _callbacks = [];

    public ConnectorMetadata Metadata { get; } = new(FactoryId, "Fake", null, AllowsMultipleInstances: true, "A provider in the test's memory.");

    public JsonObject ConfigSchema { get; } = [];

    public IReadOnlySet<string> SecretFields { get; } = new HashSet<string>();

    public SocialProfile Profile { get; set; } = ProfileOf("ext-1");

    public ConnectorException? Error { get; set; }

    /// <summary>What the server asked the connector to send the browser upstream with (state, PKCE challenge).</summary>
    public IReadOnlyList<AuthorizationRequest> AuthorizationRequests => _authorizationRequests;

    /// <summary>The callbacks the connector was asked to redeem: each one is a call upstream.</summary>
    public IReadOnlyList<CallbackContext> Callbacks => _callbacks;

    public ConfigValidationResult ValidateConfig(JsonElement config) => ConfigValidationResult.Valid(config.Clone());

    public ISocialConnector Create(object config) => new Connector(this);

    public static SocialProfile ProfileOf(string id, string? email = null, bool emailVerified = false, string? name = null, string? avatar = null) =>
        new(id, email, emailVerified, Phone: null, name, avatar, JsonSerializer.SerializeToElement(new { id, email, name }));

    private sealed class Connector(FakeProvider provider) : ISocialConnector
    {
        public bool UsesPkce => true;

        public Uri BuildAuthorizationUri(AuthorizationRequest request)
        {
            provider._authorizationRequests.Add(request);
            return new Uri($"https://provider.test/authorize?state={Uri.EscapeDataString(request.State)}");
        }

        public Task<SocialProfile> GetProfileAsync(CallbackContext callback, CancellationToken cancellationToken)
        {
            provider._callbacks.Add(callback);
            return provider.Error is { } error ? Task.FromException<SocialProfile>(error) : Task.FromResult(provider.Profile);
        }
    }
}
