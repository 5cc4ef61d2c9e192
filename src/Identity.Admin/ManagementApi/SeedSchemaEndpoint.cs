using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Identity.Admin.ManagementApi;

/// <summary>
/// <c>GET /api/seed.schema.json</c>: the seed file's JSON Schema (the repository's seed.schema.json, embedded at build),
/// anonymous and cacheable, with an ETag so editors can revalidate cheaply.
/// </summary>
public static class SeedSchemaEndpoint
{
    public const string Path = "/api/seed.schema.json";
    public const string ResourceName = "Identity.Admin.seed.schema.json";
    public const string ContentType = "application/schema+json";

    private static readonly Lazy<(byte[] Content, EntityTagHeaderValue ETag)> Schema = new(Load);

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, (HttpResponse response) =>
            {
                var (content, etag) = Schema.Value;
                response.Headers.CacheControl = "public, max-age=3600";
                return TypedResults.Bytes(content, ContentType, entityTag: etag);
            })
            .AllowAnonymous()
            .WithTags("Seed file").WithName("GetSeedSchema").WithSummary("The JSON Schema of the seed file.")
            .Produces(StatusCodes.Status200OK, contentType: ContentType);

    private static (byte[], EntityTagHeaderValue) Load()
    {
        using var stream = typeof(SeedSchemaEndpoint).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        return (content, new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\""));
    }
}
