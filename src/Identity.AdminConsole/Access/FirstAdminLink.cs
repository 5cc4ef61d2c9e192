using Identity.Admin.Access;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Identity.AdminConsole.Access;

/// <summary>
/// Once the server listens, on a database where no one holds the console permission: prints the one-time link that
/// creates the first admin. To the console only, never to the logs (which may be shipped elsewhere), like the
/// Management API's first secret. Printed at every such start, so an operator who lost it restarts; each link works once.
/// </summary>
internal sealed partial class FirstAdminLink(
    IServiceProvider root, IServer server, IHostApplicationLifetime lifetime, IOptions<ConsoleOptions> options, IConfiguration configuration,
    ILogger<FirstAdminLink> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled && options.Value.PrintSetupLink)
        {
            lifetime.ApplicationStarted.Register(() => _ = PrintAsync(lifetime.ApplicationStopping));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PrintAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = root.CreateAsyncScope();
            if (await scope.ServiceProvider.GetRequiredService<FirstAdminSetup>().IssueTokenAsync(cancellationToken) is not { } token)
            {
                return;
            }
            var link = $"{BaseUrl()}{FirstAdminSetup.Path}?token={Uri.EscapeDataString(token)}";
            await System.Console.Out.WriteLineAsync(
                $"""

                No one can sign in to the Admin Console yet. Open this link (once, within {FirstAdminSetup.LinkLifetime.TotalHours:0} hours) to create the first admin:
                  {link}
                Or create one with the CLI: users add --username <name> --admin --password-stdin

                """);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The server runs on; only the link is missing (the CLI can still make an admin).
            LinkFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = 9301, Level = LogLevel.Warning, Message = "Could not prepare the Admin Console's first-admin setup link.")]
    private static partial void LinkFailed(ILogger logger, Exception exception);

    // The configured issuer's base (the public address), else the first address the server listens on.
    private string BaseUrl()
    {
        if (configuration["Issuer"] is { Length: > 0 } issuer)
        {
            return Applications.ServerAddress.EndpointOf(issuer);
        }
        var address = ListeningAddresses.Of(server).FirstOrDefault() ?? new Uri("http://localhost:5000");
        // An "any address" listener is reached on this machine as localhost.
        var host = address.Host is "0.0.0.0" or "[::]" ? "localhost" : address.Host;
        return new UriBuilder(address) { Host = host }.Uri.AbsoluteUri.TrimEnd('/');
    }
}
