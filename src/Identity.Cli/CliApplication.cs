using System.CommandLine;
using System.CommandLine.Invocation;

namespace Identity.Cli;

/// <summary>
/// The admin CLI on the server's own executable: <c>Identity.Server &lt;command&gt; ...</c> runs a command and exits;
/// without a command the server runs. Configuration arguments (<c>--Key=value</c> or <c>--Key value</c>) go before the
/// command, as for the server; environment variables (<c>DataPath</c>, <c>ConnectionStrings__Identity</c>) apply too.
/// </summary>
public static class CliApplication
{
    private static readonly HashSet<string> HelpAndVersion = new(StringComparer.Ordinal) { "--help", "-h", "-?", "/h", "/?", "--version" };

    /// <summary>
    /// Whether <paramref name="args"/> name a command (or ask for help): the leading configuration arguments are
    /// skipped, and the first argument that is neither one nor its value starts the command.
    /// </summary>
    public static bool IsCommand(string[] args, out string[] configurationArgs, out string[] commandArgs)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (HelpAndVersion.Contains(arg) || !(arg.StartsWith('-') || arg.StartsWith('/')))
            {
                (configurationArgs, commandArgs) = (args[..i], args[i..]);
                return true;
            }

            // "--Key value" and "/Key value" (as the configuration reads them) take the next argument as the value.
            if (!arg.Contains('=', StringComparison.Ordinal) && (arg.StartsWith("--", StringComparison.Ordinal) || arg.StartsWith('/')))
            {
                i++;
            }
        }

        (configurationArgs, commandArgs) = ([], []);
        return false;
    }

    public static async Task<int> RunAsync(string[] configurationArgs, string[] commandArgs, CliComposition composition)
    {
        var host = new CliHost(configurationArgs, composition);
        var root = new RootCommand(
            "Identity: a self-hosted OpenID Connect provider. Without a command, runs the server; with one, runs it against " +
            "the server's database and exits (0 success, 1 failed, 2 usage error). Configuration comes from appsettings.json, " +
            "environment variables (DataPath, ConnectionStrings__Identity, Database__Provider) and --Key=value arguments " +
            "placed before the command, e.g. 'Identity.Server --DataPath=/srv/identity users list'.")
        {
            MigrateCommand.Create(host),
            SeedCommands.Create(host),
            AppsCommands.Create(host),
            ConnectorsCommands.Create(host),
            UsersCommands.Create(host),
            ResourcesCommands.Create(host),
            RolesCommands.Create(host),
            KeysCommands.Create(host),
        };

        var parsed = root.Parse(commandArgs);
        if (parsed.Action is ParseErrorAction)
        {
            // Usage errors: the parser's message and the command's usage, both on stderr, and exit code 2.
            await parsed.InvokeAsync(new InvocationConfiguration { Output = Console.Error });
            return CliOutput.UsageError;
        }
        return await parsed.InvokeAsync();
    }
}
