using System.Reflection;
using System.Text.Json;
using Identity.Admin.Definitions;
using Identity.Testing;

namespace Identity.Admin.Tests;

/// <summary>seed.schema.json describes the same resource and role fields the seed file reader accepts, so editors check what the server reads.</summary>
public class SeedSchemaResourcesTests
{
    private static readonly JsonElement Schema =
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root.FullName, "seed.schema.json"))).RootElement;

    [Theory]
    [InlineData("resource", typeof(ResourceDefinition))]
    [InlineData("resourceScope", typeof(ScopeDefinition))]
    [InlineData("role", typeof(RoleDefinition))]
    [InlineData("roleScope", typeof(RoleScopeReference))]
    public void SchemaDefinition_HasExactlyTheFieldsOfItsClass(string definition, Type type)
    {
        var inSchema = Schema.GetProperty("$defs").GetProperty(definition).GetProperty("properties").EnumerateObject().Select(p => p.Name);
        var inClass = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

        Assert.Equal(inClass.Order(StringComparer.Ordinal), inSchema.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("resources")]
    [InlineData("roles")]
    public void Schema_ListsTheTopLevelSection(string section) =>
        Assert.True(Schema.GetProperty("properties").TryGetProperty(section, out _), section);

    [Theory]
    [InlineData("user")]
    [InlineData("application")]
    public void Schema_LetsUsersAndApplicationsHoldRoles(string definition) =>
        Assert.True(Schema.GetProperty("$defs").GetProperty(definition).GetProperty("properties").TryGetProperty("roles", out _), definition);
}
