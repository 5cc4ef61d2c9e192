using System.CommandLine;
using System.Text.Json;
using Identity.Admin.Definitions;
using Identity.Admin;

namespace Identity.Cli;

internal static class ConnectorsCommands
{
    public static Command Create(CliHost host) => new("connectors", "List, add and remove the social sign-in connectors.")
    {
        List(host), Add(host), Remove(host),
    };

    private static Command List(CliHost host)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("list", "List the connectors, with their config's secrets masked.") { json };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var connectors = await services.GetRequiredService<ConnectorAdmin>().ListAsync(ct);
            if (result.GetValue(json))
            {
                CliOutput.WriteJson(connectors);
                return;
            }

            CliOutput.WriteTable(
                ["ID", "CONNECTOR", "TARGET", "NAME", "SYNC PROFILE", "CONFIG"],
                connectors.Select(c => (IReadOnlyList<string>)[c.Id, c.ConnectorId, c.Target, c.Name, c.SyncProfile ? "yes" : "no", c.Config.ToJsonString()]),
                "No connectors.");
        }, cancellationToken)));
        return command;
    }

    private static Command Add(CliHost host)
    {
        var file = new Option<string>("--file", "-f")
        {
            Description = "A JSON file with one connector in the seed file's shape: id, connectorId, target, name, logo, config, syncProfile.",
            Required = true,
        };
        var show = new Option<bool>("--show")
        {
            Description = "Also show its \"Continue with ...\" button: add its target to the sign-in experience's socialSignInConnectorTargets.",
        };
        var command = new Command("add", "Add a connector; its plugin checks the config.") { file, show };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(async () =>
        {
            // The file first: an unreadable one fails before the database is touched.
            var seed = await ReadAsync(Path.GetFullPath(result.GetRequiredValue(file)), cancellationToken);
            await host.RunAsync(async (services, ct) =>
            {
                var created = await services.GetRequiredService<ConnectorAdmin>().CreateAsync(seed, ct);
                CliOutput.Line($"Added connector '{created.Id}' ({created.ConnectorId}, target '{created.Target}').");
                if (result.GetValue(show))
                {
                    var experience = services.GetRequiredService<SignInExperienceAdmin>();
                    var targets = (await experience.GetAsync(ct)).SocialSignInConnectorTargets;
                    if (!targets.Contains(created.Target))
                    {
                        await experience.UpdateAsync(new SignInExperienceDefinition { SocialSignInConnectorTargets = [.. targets, created.Target] }, ct);
                    }
                    CliOutput.Line($"The sign-in page now shows \"Continue with {created.Name}\".");
                }
            }, cancellationToken);
        }));
        return command;
    }

    private static Command Remove(CliHost host)
    {
        var id = new Argument<string>("ID") { Description = "The connector's id." };
        var command = new Command("remove", "Remove a connector. Users who signed up through it keep their accounts.") { id };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var connector = result.GetRequiredValue(id);
            await services.GetRequiredService<ConnectorAdmin>().DeleteAsync(connector, ct);
            CliOutput.Line($"Removed connector '{connector}'.");
        }, cancellationToken)));
        return command;
    }

    private static async Task<ConnectorDefinition> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new CliException($"'{path}': the file does not exist.");
        }

        await using var stream = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<ConnectorDefinition>(stream, Identity.Admin.Seeding.SeedFileReader.Options, cancellationToken)
                ?? throw new CliException($"'{path}': the file is empty or null.");
        }
        catch (JsonException exception)
        {
            var where = string.IsNullOrEmpty(exception.Path) || exception.Path == "$" ? "" : exception.Path.TrimStart('$', '.') + ": ";
            var line = exception.LineNumber is { } n ? $" (line {n + 1})" : "";
            var cut = exception.Message.IndexOf(" Path:", StringComparison.Ordinal);
            throw new CliException($"'{path}': {where}not valid JSON here{line}: {(cut > 0 ? exception.Message[..cut] : exception.Message)}");
        }
    }
}
