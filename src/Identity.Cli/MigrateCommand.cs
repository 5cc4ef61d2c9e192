using System.CommandLine;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Identity.Cli;

internal static class MigrateCommand
{
    public static Command Create(CliHost host)
    {
        var script = new Option<bool>("--script")
        {
            Description = "Write the SQL script of every migration for the configured Database:Provider instead of applying it, " +
                "without connecting to the database. The script is idempotent: it checks the __EFMigrationsHistory table and " +
                "applies only what is missing, so a DBA can run it on a new or an older database.",
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "With --script: the file to write (relative to the current folder); standard output when left out.",
        };
        var command = new Command("migrate",
            "Apply the pending database migrations and exit (the server also applies them when it starts, and so does every " +
            "other command). On a new database, a Management API application is created and its secret printed once, as at " +
            "the server's first start (unless Bootstrap:ManagementApplication is false).")
        {
            script, output,
        };
        command.Validators.Add(result =>
        {
            if (result.GetResult(output) is not null && !result.GetValue(script))
            {
                result.AddError("--output goes with --script.");
            }
        });

        command.SetAction((result, cancellationToken) => result.GetValue(script)
            ? CliOutput.GuardAsync(() => host.RunWithoutDatabaseAsync(
                (services, ct) => WriteScriptAsync(services, result.GetValue(output), ct), cancellationToken))
            : CliOutput.GuardAsync(() => host.RunAsync((services, _) =>
            {
                foreach (var migration in host.AppliedMigrations)
                {
                    CliOutput.Line($"Applied {migration}");
                }

                var where = services.GetRequiredService<IdentityDataContext>().Database.GetDbConnection().DataSource;
                CliOutput.Line(host.AppliedMigrations.Count == 0
                    ? $"The database '{where}' is up to date; no migration to apply."
                    : $"The database '{where}' is up to date ({host.AppliedMigrations.Count} migration(s) applied).");
                return Task.CompletedTask;
            }, cancellationToken)));
        return command;
    }

    private static async Task WriteScriptAsync(IServiceProvider services, string? output, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<IdentityDataContext>();
        var provider = db switch
        {
            SqlServerIdentityDataContext => "SQL Server",
            PostgreSqlIdentityDataContext => "PostgreSQL",
            _ => "SQLite",
        };
        string sql;
        try
        {
            // Generating needs the model and the provider's SQL generator only: no connection is opened.
            sql = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        }
        catch (NotSupportedException exception)
        {
            throw new CliException(
                $"{exception.Message} A {provider} database is created and migrated by 'migrate' (or the server's start) instead.");
        }

        if (output is null)
        {
            await Console.Out.WriteAsync(sql);
            return;
        }

        var path = Path.GetFullPath(output);
        if (Path.GetDirectoryName(path) is { } folder)
        {
            Directory.CreateDirectory(folder);
        }
        await File.WriteAllTextAsync(path, sql, cancellationToken);
        CliOutput.Line($"Wrote the {provider} migration script to '{path}'.");
    }
}
