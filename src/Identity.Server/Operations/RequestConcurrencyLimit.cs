using System.Globalization;
using System.Threading.RateLimiting;
using Identity.Core;

namespace Identity.Server.Operations;

/// <summary>
/// Bounds how many requests the server works on at once; the rest wait in line, in arrival order, holding nothing
/// but their connection. Past a point more parallel work buys no throughput (the CPU, and SQLite's single writer,
/// are busy already) and costs memory: each request in progress holds a database connection with its own page cache
/// and its buffers. Measured in bench/ on one core: 1,000 requests in flight took the server from 200 to 460 MB and
/// its throughput down by half. A request that finds the line full gets 503 with Retry-After in its surface's format.
/// <c>Server:MaxConcurrentRequests</c> (default 64 per core: enough for requests waiting on an upstream provider) and
/// <c>Server:RequestQueueLimit</c> (default 1,000) set the bounds. Health probes and metrics are answered before it.
/// </summary>
public static class RequestConcurrencyLimit
{
    public const int RetryAfterSeconds = 1;

    public static IApplicationBuilder UseRequestConcurrencyLimit(this IApplicationBuilder app, IConfiguration configuration)
    {
        var limiter = new ConcurrencyLimiter(Options(configuration));
        app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(limiter.Dispose);

        return app.Use(async (context, next) =>
        {
            RateLimitLease lease;
            try
            {
                lease = await limiter.AcquireAsync(1, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return; // the client left while waiting in line
            }

            using (lease)
            {
                if (!lease.IsAcquired)
                {
                    await ServiceUnavailableAnswer.WriteAsync(context, RetryAfterSeconds,
                        $"The server is busy. Try again in {RetryAfterSeconds} second.");
                    return;
                }
                await next(context);
            }
        });
    }

    /// <summary>The bounds from configuration; a value that is not a number in range stops the start, naming the setting.</summary>
    public static ConcurrencyLimiterOptions Options(IConfiguration configuration) => new()
    {
        PermitLimit = Count(configuration, "Server:MaxConcurrentRequests", 64 * Environment.ProcessorCount, minimum: 1),
        QueueLimit = Count(configuration, "Server:RequestQueueLimit", 1000, minimum: 0),
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    };

    private static int Count(IConfiguration configuration, string key, int fallback, int minimum)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new StartupConfigurationException($"{key} '{text}' is not a whole number of requests of at least {minimum}.");
    }
}
