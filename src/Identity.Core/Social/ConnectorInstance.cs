namespace Identity.Core.Social;

/// <summary>
/// One configured social connector: a plugin (<see cref="FactoryId"/>) with its settings. Its <see cref="Id"/> is in
/// the callback path <c>/callback/{id}</c>; its <see cref="Target"/> names the identity provider and is what the
/// sign-in experience lists and what social identities are keyed by.
/// </summary>
public sealed class ConnectorInstance
{
    public required string Id { get; set; }

    public required string FactoryId { get; set; }

    public required string Target { get; set; }

    /// <summary>The button text's name: "Continue with {Name}".</summary>
    public required string Name { get; set; }

    public string? Logo { get; set; }

    /// <summary>The plugin's JSON config, with its secret fields encrypted (see <see cref="ConnectorSecrets"/>).</summary>
    public required string ProtectedConfig { get; set; }

    /// <summary>Update the user's name and picture from the provider at every sign-in, not only at sign-up.</summary>
    public bool SyncProfile { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
