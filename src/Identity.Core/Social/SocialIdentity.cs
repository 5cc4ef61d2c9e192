namespace Identity.Core.Social;

/// <summary>
/// A user's account at an identity provider, linked to a local user. Keyed by (target, external id), so one provider
/// account belongs to one user (OWASP ASVS 6.8.1: federated identities namespaced by provider and subject).
/// </summary>
public sealed class SocialIdentity
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string Target { get; set; }

    public required string ExternalId { get; set; }

    /// <summary>The provider's user info as last received (JSON).</summary>
    public required string Details { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
