using Identity.Server.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Identity.SecurityChecks.Host;

/// <summary>
/// Runs the server as Identity.Server's Program does (same registration, same pipeline) with a movable clock:
/// <c>POST /_checks/clock?advanceSeconds=N</c> moves every time-based rule (tokens, codes, sessions, lockout, rate
/// limits) N seconds into the future.
/// </summary>
internal static class HostProgram
{
    public const string ClockPath = "/_checks/clock";

    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddIdentityServer();

        var clock = new MovableClock();
        builder.Services.RemoveAll<TimeProvider>();
        builder.Services.AddSingleton<TimeProvider>(clock);

        var app = builder.Build();
        app.UseIdentityServer();
        app.MapPost(ClockPath, (double advanceSeconds) =>
        {
            clock.Advance(TimeSpan.FromSeconds(advanceSeconds));
            return Results.Ok(new { now = clock.GetUtcNow() });
        });
        await app.RunAsync();
    }
}
