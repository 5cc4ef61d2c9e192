using System.CommandLine;
using Identity.Admin.Seeding;

namespace Identity.Cli;

internal static class SeedCommands
{
    public static Command Create(CliHost host)
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "The seed file (JSON: applications, connectors, signInExperience, users), relative to the current folder.",
            Required = true,
        };
        var prune = new Option<bool>("--prune")
        {
            Description = "Also delete the applications, connectors and users that the file does not mention.",
        };
        var command = new Command("seed",
            "Apply a seed file: entries are created, or updated when they changed; the whole file is checked first and " +
            "applied in one transaction, so a bad file changes nothing.")
        {
            file, prune,
        };

        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var path = Path.GetFullPath(result.GetRequiredValue(file));
            var outcome = await services.GetRequiredService<SeedRunner>().ApplyFileAsync(path, ct, result.GetValue(prune));
            CliOutput.Line($"Applied '{path}': {outcome.Created} created, {outcome.Updated} updated, " +
                $"{outcome.Unchanged} unchanged, {outcome.Deleted} deleted.");
            if (outcome.Created + outcome.Updated + outcome.Deleted == 0)
            {
                CliOutput.Line("No changes: the database already matches the file.");
            }
        }, cancellationToken)));
        return command;
    }
}
