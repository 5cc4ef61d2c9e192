using Identity.Admin.Definitions;

namespace Identity.Admin.Tests;

/// <summary>The seed file's resources, roles and held roles, as <see cref="DefinitionValidator"/> checks them before anything is applied.</summary>
public class ResourceDefinitionValidatorTests
{
    private static ResourceDefinition Books() => new()
    {
        Indicator = "https://api.bookstore.example",
        Name = "Bookstore API",
        AccessTokenTtl = 600,
        Scopes = [new() { Name = "read:books", Description = "Read books" }, new() { Name = "write:books" }],
    };

    private static RoleDefinition Reader() => new()
    {
        Name = "reader",
        Type = "User",
        Scopes = [new() { Resource = "https://api.bookstore.example", Scope = "read:books" }],
    };

    private static RoleDefinition Robot() => new()
    {
        Name = "robot",
        Type = "MachineToMachine",
        Scopes = [new() { Resource = "https://api.bookstore.example", Scope = "write:books" }],
    };

    private static SeedFile File(ResourceDefinition? resource = null, params RoleDefinition[] roles) =>
        new() { Resources = [resource ?? Books()], Roles = [.. roles] };

    private static void AssertErrorAt(IReadOnlyList<DefinitionError> errors, string path, string messagePart)
    {
        var error = Assert.Single(errors, e => e.Path == path);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ResourcesRolesAndHolders_NoErrors()
    {
        var file = File(null, Reader(), Robot());
        file.Users = [new() { Username = "alice", Roles = ["reader"] }];
        file.Applications = [new() { Id = "worker", Name = "Worker", Type = "MachineToMachine", Secret = "0123456789abcdef-secret", Roles = ["robot"] }];

        Assert.Empty(DefinitionValidator.Validate(file));
    }

    [Theory]
    [InlineData(null, "is required")]
    [InlineData("", "is required")]
    [InlineData("api.example.com", "not an absolute URI")]
    [InlineData("/api", "not an absolute URI")]
    [InlineData("https://api.example.com/ x", "not an absolute URI")]
    [InlineData("https://api.example.com/#part", "fragment")]
    public void Validate_IndicatorNotAnAbsoluteUriWithoutFragment_IsAnErrorAtIndicator(string? indicator, string message)
    {
        var resource = Books();
        resource.Indicator = indicator;

        var errors = DefinitionValidator.Validate(new SeedFile { Resources = [resource] });

        AssertErrorAt(errors, $"{DefinitionValidator.ResourceEntry(0, indicator)}.indicator", message);
    }

    [Fact]
    public void Validate_IndicatorLongerThanTheColumn_IsAnError()
    {
        var resource = Books();
        resource.Indicator = "https://api.example.com/" + new string('a', 500);

        AssertErrorAt(DefinitionValidator.Validate(new SeedFile { Resources = [resource] }),
            $"resources[0] ({resource.Indicator}).indicator", "at most 512");
    }

    [Fact]
    public void Validate_SameIndicatorTwice_IsAnErrorAtTheSecond()
    {
        var errors = DefinitionValidator.Validate(new SeedFile { Resources = [Books(), Books()] });

        AssertErrorAt(errors, "resources[1] (https://api.bookstore.example).indicator", "used by another resource");
    }

    [Theory]
    [InlineData(59)]
    [InlineData(86401)]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_AccessTokenTtlOutside60To86400_IsAnError(int ttl)
    {
        var resource = Books();
        resource.AccessTokenTtl = ttl;

        AssertErrorAt(File(resource).Validate(), "resources[0] (https://api.bookstore.example).accessTokenTtl", "from 60 to 86400");
    }

    [Theory]
    [InlineData(60)]
    [InlineData(86400)]
    public void Validate_AccessTokenTtlAtTheBounds_IsAccepted(int ttl)
    {
        var resource = Books();
        resource.AccessTokenTtl = ttl;

        Assert.Empty(File(resource).Validate());
    }

    [Theory]
    [InlineData("", "is required")]
    [InlineData("read books", "one word")]
    [InlineData("openid", "reserved")]
    [InlineData("offline_access", "reserved")]
    [InlineData("management", "reserved")]
    public void Validate_BadScopeName_IsAnErrorAtTheScope(string name, string message)
    {
        var resource = Books();
        resource.Scopes![1].Name = name;

        AssertErrorAt(File(resource).Validate(), "resources[0] (https://api.bookstore.example).scopes[1].name", message);
    }

    [Fact]
    public void Validate_ScopeNameTwiceInOneResource_IsAnError()
    {
        var resource = Books();
        resource.Scopes![1].Name = "read:books";

        AssertErrorAt(File(resource).Validate(), "resources[0] (https://api.bookstore.example).scopes[1].name", "listed twice");
    }

    [Fact]
    public void Validate_EveryProblemOfAResource_ReportedAtOnce()
    {
        var errors = DefinitionValidator.Validate(new SeedFile
        {
            Resources = [new() { Indicator = "nope", AccessTokenTtl = 5, Scopes = [new() { Name = "email" }] }],
        });

        Assert.Equal(
            ["resources[0] (nope).indicator", "resources[0] (nope).name", "resources[0] (nope).accessTokenTtl", "resources[0] (nope).scopes[0].name"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void Validate_RoleWithoutNameOrWithAnUnknownType_NamesBothFields()
    {
        var role = Reader();
        role.Name = " ";
        role.Type = "Machine";

        var errors = File(null, role).Validate();

        AssertErrorAt(errors, "roles[0] ( ).name", "is required");
        AssertErrorAt(errors, "roles[0] ( ).type", "User, MachineToMachine");
    }

    [Fact]
    public void Validate_RoleNameTwice_IsAnError()
    {
        AssertErrorAt(File(null, Reader(), Reader()).Validate(), "roles[1] (reader).name", "unique");
    }

    [Fact]
    public void Validate_RoleScopeNotDefinedByTheFilesResource_IsAnErrorAtScope()
    {
        var role = Reader();
        role.Scopes!.Add(new() { Resource = "https://api.bookstore.example", Scope = "delete:books" });

        AssertErrorAt(File(null, Reader(), role).Validate(), "roles[1] (reader).scopes[1].scope", "no scope 'delete:books'");
    }

    [Fact]
    public void Validate_RoleScopeWithoutResourceOrScope_NamesBoth()
    {
        var role = Reader();
        role.Scopes = [new()];

        var errors = File(null, role).Validate();

        AssertErrorAt(errors, "roles[0] (reader).scopes[0].resource", "is required");
        AssertErrorAt(errors, "roles[0] (reader).scopes[0].scope", "is required");
    }

    [Fact]
    public void Validate_RoleScopeOfAResourceNotInTheFile_IsLeftToTheStoredCheck()
    {
        var role = Reader();
        role.Scopes = [new() { Resource = "https://elsewhere.example", Scope = "anything" }];

        Assert.Empty(File(null, role).Validate());
    }

    [Fact]
    public void Validate_UserHoldingAMachineToMachineRole_IsAnError()
    {
        var file = File(null, Reader(), Robot());
        file.Users = [new() { Username = "alice", Roles = ["reader", "robot"] }];

        AssertErrorAt(file.Validate(), "users[0] (alice).roles[1]", "only MachineToMachine applications");
    }

    [Fact]
    public void Validate_ApplicationHoldingAUserRole_IsAnError()
    {
        var file = File(null, Reader());
        file.Applications = [new() { Id = "worker", Name = "Worker", Type = "MachineToMachine", Secret = "0123456789abcdef-secret", Roles = ["reader"] }];

        AssertErrorAt(file.Validate(), "applications[0] (worker).roles[0]", "only users");
    }

    [Fact]
    public void Validate_UserFacingApplicationHoldingRoles_IsAnError()
    {
        var file = File(null, Robot());
        file.Applications = [new() { Id = "spa", Name = "SPA", Type = "SPA", RedirectUris = ["http://localhost:3000/cb"], Roles = ["robot"] }];

        AssertErrorAt(file.Validate(), "applications[0] (spa).roles", "only MachineToMachine applications may hold roles");
    }
}

internal static class SeedFileValidation
{
    public static IReadOnlyList<DefinitionError> Validate(this SeedFile file) => DefinitionValidator.Validate(file);
}
