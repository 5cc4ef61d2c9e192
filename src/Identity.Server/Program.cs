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
    // What the product is made of (Hosting/IdentityServices.cs: the database, the keys, accounts and the sign-in core,
    // the OpenID Connect server, the social connectors, the admin) and the web on top (Hosting/ServerRegistration.cs:
    // the hosted pages, the Management API, operations and the security middleware, in the order a request meets them).
    // A configuration mistake found while composing (an unreadable certificate, say) stops the start with its message.
    builder.AddIdentityServer();
    var app = builder.Build();
    await StartupPreparation.ValidateSeedFileAsync(app);
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
