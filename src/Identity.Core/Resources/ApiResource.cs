namespace Identity.Core.Resources;

/// <summary>
/// An API that apps call with an access token issued for it (Logto's "API resource", RFC 8707's resource indicator).
/// The <see cref="Indicator"/> is what apps send as <c>resource</c> and what the token's <c>aud</c> says.
/// </summary>
public sealed class ApiResource
{
    /// <summary>Logto's default access token lifetime for an API resource, in seconds.</summary>
    public const int DefaultAccessTokenTtl = 3600;

    public required string Id { get; set; }

    /// <summary>An absolute URI, unique among resources; the access token's audience.</summary>
    public required string Indicator { get; set; }

    public required string Name { get; set; }

    /// <summary>The lifetime of this resource's access tokens, in seconds.</summary>
    public int AccessTokenTtl { get; set; } = DefaultAccessTokenTtl;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The permissions an access token for this resource may carry (its <c>scope</c>).</summary>
    public List<ResourceScope> Scopes { get; set; } = [];
}
