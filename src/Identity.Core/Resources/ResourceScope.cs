namespace Identity.Core.Resources;

/// <summary>A permission of an API resource, such as <c>read:books</c>: unique by name within its resource.</summary>
public sealed class ResourceScope
{
    public required string Id { get; set; }

    public required string ResourceId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
