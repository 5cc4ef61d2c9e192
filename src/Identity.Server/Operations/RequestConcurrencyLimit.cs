using System.Threading.RateLimiting;

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
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Positive(configuration, "Server:MaxConcurrentRequests", 64 * Environment.ProcessorCount),
            QueueLimit = Math.Max(0, configuration.GetValue("Server:RequestQueueLimit", 1000)),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
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
                    await DatabaseUnavailableAnswers.AnswerAsync(context, RetryAfterSeconds,
                        $"The server is busy. Try again in {RetryAfterSeconds} second.");
                    return;
                }
                await next(context);
            }
        });
    }

    private static int Positive(IConfiguration configuration, string key, int fallback) =>
        configuration.GetValue(key, fallback) is > 0 and var value ? value
            : throw new InvalidOperationException($"{key} must be a positive number of requests.");
}
