using Identity.Admin;
using Identity.Core.Audit;
using Identity.Data;
using Identity.Keys;
using Microsoft.EntityFrameworkCore;

namespace Identity.Cli;

/// <summary>
/// A generic host with the product's services (<see cref="CliComposition"/>), built but never started: the server's
/// configuration (appsettings, environment variables, the configuration arguments before the command) and services,
/// without the web: no port is opened, no page or endpoint is composed, and no hosted service runs (so
/// <c>Seed:Path</c> is not applied).
/// </summary>
internal sealed class CliHost(string[] configurationArgs, CliComposition composition)
{
    /// <summary>The migrations the last <see cref="RunAsync"/> applied before its work.</summary>
    public IReadOnlyList<string> AppliedMigrations { get; private set; } = [];

    /// <summary>
    /// Migrates the database, runs <paramref name="work"/> in a service scope, then, when the database was empty,
    /// does what the server's first start does (see <see cref="ManagementBootstrap"/>): the CLI may be the first to
    /// touch a new database, and the server would then no longer see it as new.
    /// </summary>
    public async Task RunAsync(Func<IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        using var app = Build();
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<IdentityDataContext>();
        var firstStart = !(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any();
        AppliedMigrations = [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
        await db.Database.MigrateAsync(cancellationToken);

        // As the server's start does: a command that protects a secret inside its transaction must find a key ready.
        services.GetRequiredService<DataProtectionKeyRing>().EnsureReady();
        services.GetRequiredService<AuditActor>().Name = AuditActor.Cli;

        try
        {
            await work(services, cancellationToken);
        }
        finally
        {
            // Also when the command failed: the next one would no longer see a new database.
            if (firstStart && app.Services.GetRequiredService<IConfiguration>().GetValue("Bootstrap:ManagementApplication", defaultValue: true))
            {
                await BootstrapAsync(app.Services, cancellationToken);
            }
        }
    }

    // In a scope of its own: a command that failed may leave its DbContext tracking what its rolled-back transaction
    // never wrote.
    private static async Task BootstrapAsync(IServiceProvider root, CancellationToken cancellationToken)
    {
        await using var scope = root.CreateAsyncScope();
        // On stderr: stdout stays the command's own output (JSON for --json), while an admin still sees it once.
        await scope.ServiceProvider.GetRequiredService<ManagementBootstrap>().RunAsync(Console.Error, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a service scope without migrating or otherwise connecting to the database (for
    /// <c>migrate --script</c>). SQL Server and PostgreSQL need no connection string for it: a placeholder that is never
    /// used stands in when none is configured.
    /// </summary>
    public async Task RunWithoutDatabaseAsync(Func<IServiceProvider, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        using var app = Build(offline: true);
        await using var scope = app.Services.CreateAsyncScope();
        await work(scope.ServiceProvider, cancellationToken);
    }

    private IHost Build(bool offline = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArgs,
            EnvironmentName = composition.EnvironmentName,
            ContentRootPath = composition.ContentRootPath,
        });
        if (offline && string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Identity")))
        {
            var provider = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
            if (provider != DatabaseProvider.Sqlite)
            {
                builder.Configuration["ConnectionStrings:Identity"] = provider == DatabaseProvider.SqlServer ? "Server=unused" : "Host=unused";
            }
        }
        if (offline)
        {
            // Writing a script reads no key and writes none: the key ring's protection at rest is not this command's concern.
            builder.Configuration["DataProtection:AllowUnprotectedKeys"] = "true";
        }
        composition.AddServices(builder.Services, builder.Configuration, builder.Environment);

        // stdout is the command's output: log only warnings and errors, and to stderr. EF Core's own error logs would
        // repeat the failure that CliOutput reports as one line.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<LoggerFilterOptions>(options =>
        {
            options.Rules.Clear();
            options.MinLevel = LogLevel.Warning;
            options.Rules.Add(new LoggerFilterRule(null, "Microsoft.EntityFrameworkCore", LogLevel.None, null));
        });
        return builder.Build();
    }
}
