using System.CommandLine;
using Identity.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Server.Cli;

internal static class MigrateCommand
{
    public static Command Create(CliHost host)
    {
        var command = new Command("migrate",
            "Apply the pending database migrations and exit (the server also applies them when it starts, and so does every " +
            "other command). On a new database, a Management API application is created and its secret printed once, as at " +
            "the server's first start (unless Bootstrap:ManagementApplication is false).");
        command.SetAction((_, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync((services, _) =>
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
}
