namespace Identity.Server.Operations;

/// <summary>
/// Answers a request that failed because the database is unavailable (see <see cref="DatabaseFailures"/>) with 503
/// and Retry-After, in the format of the endpoint that was asked (see <see cref="ServiceUnavailableAnswer"/>).
/// Nothing is cached: the next request tries the database again, so service resumes by itself.
/// </summary>
public static partial class DatabaseUnavailableAnswers
{
    /// <summary>What Retry-After says: long enough for a restarting database, short enough for a user to wait.</summary>
    public const int RetryAfterSeconds = 15;

    public static IApplicationBuilder UseDatabaseUnavailableAnswers(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseUnavailableAnswers).FullName!);
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception exception) when (DatabaseFailures.IsUnavailable(exception) &&
                                              !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                LogUnavailable(logger, context.Request.Method, context.Request.Path, context.TraceIdentifier, exception);
                await ServiceUnavailableAnswer.WriteAsync(context, RetryAfterSeconds,
                    $"The server cannot reach its database. Try again in {RetryAfterSeconds} seconds.");
            }
        });
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning,
        Message = "The database is unavailable: {Method} {Path} was answered with 503 (correlation id {CorrelationId}).")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string correlationId, Exception exception);
}
