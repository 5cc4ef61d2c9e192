namespace Identity.Server.Hosting;

/// <summary>
/// Where the server finds its static files (<c>wwwroot</c>, the hosted pages' stylesheet among them), its
/// <c>appsettings.json</c> and, by default, its SQLite data folder. ASP.NET's default is the working folder, which suits
/// <c>dotnet run</c> in the project folder but not a published server that systemd, a script or a process manager
/// starts from anywhere else: its pages lost their stylesheet and its database landed in that folder. So outside
/// Development the content root is the application's own folder, unless the operator names one (<c>--contentRoot</c>,
/// <c>ASPNETCORE_CONTENTROOT</c> or <c>DOTNET_CONTENTROOT</c>).
/// </summary>
public static class ServerContentRoot
{
    /// <summary>The builder options for <see cref="WebApplication.CreateBuilder(WebApplicationOptions)"/> with this rule applied.</summary>
    public static WebApplicationOptions Options(string[] args)
    {
        var (environmentName, contentRootPath) = Placement(args);
        return new WebApplicationOptions { Args = args, EnvironmentName = environmentName, ContentRootPath = contentRootPath };
    }

    /// <summary>
    /// The host environment and, by this rule, the content root (null: the host's default, the working folder) for
    /// <paramref name="args"/>. The CLI's host uses the same, so a command reads the server's configuration and data.
    /// </summary>
    public static (string EnvironmentName, string? ContentRootPath) Placement(string[] args)
    {
        // The same sources, in the same order, from which the web host reads its environment and content root.
        var host = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build();
        var environment = host[HostDefaults.EnvironmentKey] is { Length: > 0 } named ? named : Environments.Production;
        var chosen = host[HostDefaults.ContentRootKey] is { Length: > 0 } root ? root : null;
        var development = string.Equals(environment, Environments.Development, StringComparison.OrdinalIgnoreCase);
        return (environment, chosen ?? (development ? null : AppContext.BaseDirectory));
    }
}
