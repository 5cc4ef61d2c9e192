using System.Text.Json.Serialization;

namespace Identity.Admin.Definitions;

/// <summary>
/// The declarative seed file (JSON, camelCase). Each section is applied idempotently: entries are created, or
/// updated when their definition changed; nothing is deleted.
/// </summary>
public sealed class SeedFile
{
    /// <summary>The JSON Schema editors check the file against (<c>seed.schema.json</c>); not used otherwise.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public List<ApplicationDefinition>? Applications { get; set; }

    public List<ConnectorDefinition>? Connectors { get; set; }

    public SignInExperienceDefinition? SignInExperience { get; set; }

    /// <summary>API resources and their scopes; keyed by indicator.</summary>
    public List<ResourceDefinition>? Resources { get; set; }

    /// <summary>Roles and the resource scopes they grant; keyed by name.</summary>
    public List<RoleDefinition>? Roles { get; set; }

    /// <summary>Users to create, for demos and tests; keyed by username.</summary>
    public List<UserDefinition>? Users { get; set; }
}
