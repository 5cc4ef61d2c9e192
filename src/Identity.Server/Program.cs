using Identity.Server.Hosting;
using Connectors.Abstractions;
using Identity.Admin.Seeding;
using Identity.Server.Cli;

// "Identity.Server <command> ..." runs an admin command and exits (see Cli/CliApplication.cs); otherwise the server runs.
if (CliApplication.IsCommand(args, out var configurationArgs, out var commandArgs))
{
    return await CliApplication.RunAsync(configurationArgs, commandArgs);
}

var builder = WebApplication.CreateBuilder(ServerContentRoot.Options(args));

try
{
    // A configuration mistake found while composing (an unreadable certificate, say) stops the start with its message.
    builder.AddIdentityServer();

    // A bad seed file stops the server before it starts, with a message naming the file, entry and field.
    var app = builder.Build();
    if (StartupPreparation.SeedPath(builder.Configuration, builder.Environment) is { } seedPath)
    {
        await SeedRunner.ReadValidAsync(seedPath, [.. app.Services.GetServices<ISocialConnectorFactory>()],
            app.Services.GetRequiredService<Identity.Admin.Definitions.ConnectorEndpointPolicy>(), CancellationToken.None);
    }

    app.UseIdentityServer();
    await app.RunAsync();
    return 0;
}
catch (Exception exception) when (exception is SeedException or Identity.Server.Keys.StartupConfigurationException)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}

/// <summary>The entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
