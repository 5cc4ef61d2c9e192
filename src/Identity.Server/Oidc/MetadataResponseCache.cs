using System.Collections.Concurrent;
using Identity.Keys;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Identity.Server.Oidc;

/// <summary>
/// Keeps the discovery document and the key set that OpenIddict wrote, and answers the next GETs with the same bytes.
/// Every API that validates tokens fetches both, yet they change only when the signing keys or the configuration do;
/// building them ran the whole OpenIddict pipeline and exported the public keys on every request.
/// An answer is kept per address it was asked at (scheme, host, path base: the issuer in it depends on them) for at most
/// <see cref="Lifetime"/>, and all are dropped the moment the key ring changes, so a new key is published at once. A
/// key that retires merely stays listed up to a minute longer, which is harmless. The number of kept answers is bounded:
/// a request with an unknown Host header cannot grow the cache.
/// </summary>
public sealed class MetadataResponseCache : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private const int MaxEntries = 32;

    private static readonly PathString[] CachedPaths =
    [
        OidcPaths.Prefix + "/" + OidcPaths.Configuration,
        OidcPaths.Prefix + "/" + OidcPaths.Jwks,
    ];

    private static readonly string[] KeptHeaders = [HeaderNames.ContentType, HeaderNames.CacheControl, HeaderNames.Pragma, HeaderNames.Expires];

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;
    private readonly IDisposable _keyRingSubscription;

    public MetadataResponseCache(SigningKeyRing ring, TimeProvider clock)
    {
        _clock = clock;
        _keyRingSubscription = ChangeToken.OnChange(ring.ServerOptionsChangeToken, _entries.Clear);
    }

    public void Dispose() => _keyRingSubscription.Dispose();

    /// <summary>Answers from the cache when it can; otherwise lets OpenIddict answer and keeps a successful answer.</summary>
    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) || request.QueryString.HasValue || !IsCachedPath(request.Path))
        {
            await next(context);
            return;
        }

        var key = string.Concat(request.Scheme, "://", request.Host.Value, request.PathBase.Value, request.Path.Value);
        var now = _clock.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
        {
            await WriteAsync(context.Response, entry);
            return;
        }

        var response = context.Response;
        var original = response.Body;
        using var buffer = new MemoryStream();
        response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            response.Body = original;
        }

        var body = buffer.ToArray();
        if (response.StatusCode == StatusCodes.Status200OK && (_entries.Count < MaxEntries || _entries.ContainsKey(key)))
        {
            _entries[key] = new Entry(body, [.. KeptHeaders.Select(name => (name, response.Headers[name])).Where(h => h.Item2.Count > 0)],
                now + Lifetime);
        }
        await original.WriteAsync(body, context.RequestAborted);
    }

    private static bool IsCachedPath(PathString path)
    {
        foreach (var cached in CachedPaths)
        {
            if (path.Equals(cached, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static Task WriteAsync(HttpResponse response, Entry entry)
    {
        response.StatusCode = StatusCodes.Status200OK;
        foreach (var (name, value) in entry.Headers)
        {
            response.Headers[name] = value;
        }
        response.ContentLength = entry.Body.Length;
        return response.Body.WriteAsync(entry.Body, response.HttpContext.RequestAborted).AsTask();
    }

    private sealed record Entry(byte[] Body, (string Name, StringValues Value)[] Headers, DateTimeOffset ExpiresAt);
}

public static class MetadataResponseCacheRegistration
{
    public static IServiceCollection AddMetadataResponseCache(this IServiceCollection services) =>
        services.AddSingleton<MetadataResponseCache>();

    public static IApplicationBuilder UseMetadataResponseCache(this IApplicationBuilder app)
    {
        var cache = app.ApplicationServices.GetRequiredService<MetadataResponseCache>();
        return app.Use((context, next) => cache.InvokeAsync(context, next));
    }
}
