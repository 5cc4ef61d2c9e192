namespace Identity.Admin.Definitions;

/// <summary>A role as an admin defines it, through any door; keyed by its name in the seed file.</summary>
public sealed class RoleDefinition
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary><c>User</c> or <c>MachineToMachine</c>, Logto's spelling; <c>User</c> when left out.</summary>
    public string? Type { get; set; }

    /// <summary>The resource scopes the role grants. In the seed file the list is the whole set.</summary>
    public List<RoleScopeReference>? Scopes { get; set; }
}

/// <summary>A resource scope named as the seed file names it: the resource's indicator and the scope's name.</summary>
public sealed class RoleScopeReference
{
    /// <summary>The resource's indicator.</summary>
    public string? Resource { get; set; }

    /// <summary>The scope's name within that resource.</summary>
    public string? Scope { get; set; }
}
