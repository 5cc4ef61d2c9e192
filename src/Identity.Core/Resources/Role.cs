namespace Identity.Core.Resources;

/// <summary>Who a role is for, as Logto names it: users, or machine-to-machine applications.</summary>
public enum RoleType
{
    User,
    MachineToMachine,
}

/// <summary>
/// A named set of resource scopes (Logto's role-based access control): users hold user roles, machine-to-machine
/// applications hold machine-to-machine roles, and an access token for a resource carries only the scopes that the
/// holder's roles grant for it, read when the token is issued.
/// </summary>
public sealed class Role
{
    public required string Id { get; set; }

    /// <summary>Unique among roles (compared as written).</summary>
    public required string Name { get; set; }

    public string? Description { get; set; }

    public RoleType Type { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<RoleScope> Scopes { get; set; } = [];
}

/// <summary>A resource scope a role grants.</summary>
public sealed class RoleScope
{
    public required string RoleId { get; set; }

    public required string ScopeId { get; set; }
}

/// <summary>A user role held by a user.</summary>
public sealed class UserRole
{
    public required string UserId { get; set; }

    public required string RoleId { get; set; }
}

/// <summary>A machine-to-machine role held by an application (OpenIddict's application id, not its client id).</summary>
public sealed class ApplicationRole
{
    public required string ApplicationId { get; set; }

    public required string RoleId { get; set; }
}
