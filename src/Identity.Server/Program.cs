using Connectors.Abstractions;
using Identity.Admin.Seeding;
using Identity.Cli;
using Identity.Core;
using Identity.Server.Hosting;

// "Identity.Server <command> ..." runs an admin command and exits (src/Identity.Cli), on the product's services
// without the web (Hosting/IdentityServices.cs); otherwise the server runs (Hosting/ServerRegistration.cs).
if (CliApplication.IsCommand(args, out var configurationArgs, out var commandArgs))
{
    var (environmentName, contentRootPath) = ServerContentRoot.Placement(configurationArgs);
    return await CliApplication.RunAsync(configurationArgs, commandArgs, new CliComposition
    {
        EnvironmentName = environmentName,
        ContentRootPath = contentRootPath,
        AddServices = (services, configuration, environment) => services.AddIdentityServices(configuration, environment),
    });
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
catch (Exception exception) when (exception is SeedException or StartupConfigurationException)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 1;
}

/// <summary>The entry point, visible to the integration tests' host factory.</summary>
public partial class Program;
