namespace Identity.Admin.Definitions;

/// <summary>An API resource as an admin defines it, through any door; keyed by its indicator in the seed file.</summary>
public sealed class ResourceDefinition
{
    /// <summary>The absolute URI apps send as <c>resource</c> (RFC 8707); fixed once created.</summary>
    public string? Indicator { get; set; }

    public string? Name { get; set; }

    /// <summary>Seconds; <see cref="Core.Resources.ApiResource.DefaultAccessTokenTtl"/> when left out.</summary>
    public int? AccessTokenTtl { get; set; }

    /// <summary>The resource's permissions. In the seed file the list is the whole set: scopes it leaves out are removed.</summary>
    public List<ScopeDefinition>? Scopes { get; set; }
}

/// <summary>A permission of an API resource, such as <c>read:books</c>.</summary>
public sealed class ScopeDefinition
{
    public string? Name { get; set; }

    public string? Description { get; set; }
}
