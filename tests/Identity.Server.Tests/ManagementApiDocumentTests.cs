using System.Net;
using System.Text.Json;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>The Management API's OpenAPI document and the seed file's JSON Schema, both anonymous.</summary>
public sealed class ManagementApiDocumentTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    [Fact]
    public async Task OpenApiDocument_ListsTheEndpointsWithSchemasAndTheBearerScheme()
    {
        using var http = server.ClientWith(null);

        var document = await (await http.GetAsync("/api/openapi.json")).ExpectAsync(200);

        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/applications", "/api/applications/{id}", "/api/applications/{id}/secret", "/api/connector-factories", "/api/connectors",
            "/api/connectors/{id}", "/api/sign-in-exp", "/api/users", "/api/users/{id}", "/api/users/{id}/password", "/api/users/{id}/lock",
            "/api/users/{id}/identities", "/api/users/{id}/identities/{target}", "/api/logs",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        }
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.StartsWith("/oidc", StringComparison.Ordinal));
        var create = paths.GetProperty("/api/applications").GetProperty("post");
        Assert.True(create.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(create.GetProperty("responses").TryGetProperty("400", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").Str("scheme"));
        Assert.True(create.GetProperty("security")[0].TryGetProperty("Bearer", out _));
        Assert.True(paths.GetProperty("/api/users").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("headers")
            .TryGetProperty("Total-Number", out _));
        Assert.True(paths.GetProperty("/api/logs").GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("headers")
            .TryGetProperty("Total-Number", out _));
        Assert.True(document.GetProperty("components").GetProperty("schemas").TryGetProperty("ApplicationDefinition", out _));
    }

    [Fact]
    public async Task SeedSchema_IsAnonymousCacheableJsonSchema()
    {
        using var http = server.ClientWith(null);

        using var response = await http.GetAsync("/api/seed.schema.json");

        var schema = await response.ExpectAsync(200);
        Assert.Equal(JsonValueKind.Object, schema.ValueKind);
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Public);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task SeedSchema_WithMatchingETag_IsNotModified()
    {
        using var http = server.ClientWith(null);
        using var first = await http.GetAsync("/api/seed.schema.json");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/seed.schema.json");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await http.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }
}
