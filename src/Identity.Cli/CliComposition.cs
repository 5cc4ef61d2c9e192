namespace Identity.Cli;

/// <summary>
/// What the executable that carries the CLI tells it about itself: where the server would find its configuration and
/// data (so a command reads the same <c>appsettings.json</c> and database) and how the product's services are composed
/// (the server's own composition without the web, so a command validates, protects and audits exactly as the server does).
/// </summary>
public sealed class CliComposition
{
    /// <summary>The host environment's name (Production unless <c>ASPNETCORE_ENVIRONMENT</c> or <c>DOTNET_ENVIRONMENT</c> says otherwise).</summary>
    public required string EnvironmentName { get; init; }

    /// <summary>The content root; null for the working folder.</summary>
    public required string? ContentRootPath { get; init; }

    /// <summary>Adds the product's services (database, keys, accounts, the OpenID Connect stores, connectors, the admin).</summary>
    public required Action<IServiceCollection, IConfiguration, IHostEnvironment> AddServices { get; init; }
}
