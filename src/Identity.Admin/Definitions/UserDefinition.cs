namespace Identity.Admin.Definitions;

/// <summary>A user as an admin defines it: in the seed file, and the shape of a new user in the Management API and CLI.</summary>
public sealed class UserDefinition
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public bool? EmailVerified { get; set; }

    /// <summary>Seed file only: the names of the roles held (the whole set); left out, the roles held stay as they are.</summary>
    public List<string>? Roles { get; set; }
}
