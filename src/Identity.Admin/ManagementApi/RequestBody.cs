using System.Collections;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Identity.Admin;
using Microsoft.Extensions.Options;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Identity.Admin.ManagementApi;

/// <summary>
/// Reads a JSON request body inside the endpoint, so a malformed body becomes a 400 problem naming what was wrong
/// (handled by <see cref="AdminProblems"/>) rather than minimal APIs' empty 400.
/// </summary>
public static class RequestBody
{
    public const string JsonContentType = "application/json";

    /// <summary>Management requests are small; anything larger is refused (413) before it is buffered.</summary>
    public const long MaxBodyBytes = 1024 * 1024;

    /// <summary>The body as <typeparamref name="T"/>; a missing, non-JSON or mistyped body is refused.</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request) where T : class =>
        await ReadOptionalAsync<T>(request) ?? throw AdminValidationException.For("body", "is required: send a JSON object.");

    /// <summary>
    /// A PATCH body as <typeparamref name="T"/>: like <see cref="ReadAsync{T}"/>, and a field <typeparamref name="T"/> does
    /// not have (read-only such as <c>id</c>, <c>secret</c> or <c>createdAt</c>, or unknown) is refused naming it, rather
    /// than ignored: an admin who sends one expects it to change, and nothing does.
    /// </summary>
    public static async Task<T> ReadPatchAsync<T>(HttpRequest request) where T : class =>
        await ReadOptionalAsync<T>(request, onlyKnownFields: true) ?? throw AdminValidationException.For("body", "is required: send a JSON object.");

    /// <summary>The body as <typeparamref name="T"/>, or null when the request has no body.</summary>
    public static async Task<T?> ReadOptionalAsync<T>(HttpRequest request, bool onlyKnownFields = false) where T : class
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length == 0)
        {
            return null;
        }

        if (!request.HasJsonContentType())
        {
            throw new UnsupportedBodyException($"Send the body as {JsonContentType} (got '{request.ContentType}').");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException exception)
        {
            throw AdminValidationException.For("body",
                $"is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw AdminValidationException.For("body", "must be a JSON object.");
            }
            if (UnusableTextIn(document.RootElement, "") is { } unusable)
            {
                throw AdminValidationException.For(unusable.Field, unusable.Problem);
            }

            var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions;
            if (onlyKnownFields)
            {
                AdminValidationException.ThrowIfAny(PatchFields.Unknown(document.RootElement, typeof(T), options));
            }
            try
            {
                return document.Deserialize<T>(options) ?? throw AdminValidationException.For("body", "must be a JSON object.");
            }
            catch (JsonException exception)
            {
                var field = FieldOf(exception.Path);
                throw AdminValidationException.For(field, Expectation(typeof(T), field));
            }
        }
    }

    private const string NotText = "is not valid text: it holds an invalid UTF-8 sequence or an unpaired UTF-16 surrogate.";

    // No field needs one, and PostgreSQL cannot store text holding one.
    private const string HoldsNul = "must not contain the NUL character (U+0000).";

    /// <summary>
    /// The first property name or string (by path, e.g. <c>redirectUris[1]</c>) that is not storable text, and why, or
    /// null. JsonDocument checks a string's encoding only when it is read, so an unpaired surrogate (<c>"\ud800"</c>)
    /// or invalid UTF-8 would otherwise surface as an InvalidOperationException deep inside deserialization.
    /// </summary>
    private static (string Field, string Problem)? UnusableTextIn(JsonElement element, string path)
    {
        var field = path.Length == 0 ? "body" : path;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TextOf(element.GetString) switch
                {
                    null => (field, NotText),
                    var text when text.Contains('\0', StringComparison.Ordinal) => (field, HoldsNul),
                    _ => null,
                };
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var name = TextOf(() => property.Name);
                    if (name is null)
                    {
                        return (field, "has a property name that " + NotText);
                    }
                    var nested = path.Length == 0 ? name : $"{path}.{name}";
                    if (name.Contains('\0', StringComparison.Ordinal))
                    {
                        return (nested.Replace("\0", "", StringComparison.Ordinal), HoldsNul);
                    }
                    if (UnusableTextIn(property.Value, nested) is { } found)
                    {
                        return found;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (UnusableTextIn(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }
                return null;
            default:
                return null;
        }
    }

    /// <summary>The decoded text, or null when its encoding is invalid.</summary>
    private static string? TextOf(Func<string?> read)
    {
        try
        {
            return read() ?? "";
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary><c>$.redirectUris[1]</c> → <c>redirectUris[1]</c>; the root is "body".</summary>
    private static string FieldOf(string? path) => path switch
    {
        null or "" or "$" => "body",
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ => path.TrimStart('$'),
    };

    /// <summary>What the field should have been, found by walking the request type along the path.</summary>
    private static string Expectation(Type root, string field)
    {
        var type = field == "body" ? root : TypeAt(root, field);
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "has the wrong JSON type.",
            _ when type == typeof(string) => "must be a string.",
            _ when type == typeof(bool) => "must be true or false.",
            _ when type == typeof(int) || type == typeof(long) => "must be a whole number.",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "must be a date and time, e.g. 2030-01-01T00:00:00Z.",
            _ when type == typeof(JsonElement) => "must be valid JSON.",
            _ when typeof(IEnumerable).IsAssignableFrom(type) => "must be an array.",
            _ => "must be a JSON object.",
        };
    }

    private static Type? TypeAt(Type root, string field)
    {
        Type? type = root;
        foreach (var segment in field.Split('.'))
        {
            var name = segment;
            var indexes = 0;
            while (name.EndsWith(']') && name.LastIndexOf('[') is var open and > 0)
            {
                name = name[..open];
                indexes++;
            }

            type = type?.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)?.PropertyType;
            for (var i = 0; i < indexes && type is not null; i++)
            {
                type = type.IsArray ? type.GetElementType() : type.IsGenericType ? type.GetGenericArguments()[0] : null;
            }

            if (type is null)
            {
                return null;
            }
            type = Nullable.GetUnderlyingType(type) ?? type;
        }
        return type;
    }
}

/// <summary>
/// Describes a JSON request body in the OpenAPI document only. (<c>Accepts&lt;T&gt;</c> would also make routing answer a
/// wrong content type with a bare 415 before authorization; <see cref="RequestBody"/> answers it with a problem.)
/// </summary>
internal static class JsonBodyDocumentation
{
    public static RouteHandlerBuilder AcceptsJson<T>(this RouteHandlerBuilder builder, bool required = true) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var name = typeof(T).Name;
            context.Document?.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken));
            operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
            {
                Required = required,
                Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
                {
                    [RequestBody.JsonContentType] = new() { Schema = new Microsoft.OpenApi.OpenApiSchemaReference(name, context.Document) },
                },
            };
        });
}
