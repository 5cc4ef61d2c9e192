using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Identity.Data;

public static class DatabaseRegistration
{
    /// <summary>
    /// Registers <see cref="IdentityDataContext"/> on the configured provider. SQLite (the default) keeps a file in the
    /// server's data folder unless <c>ConnectionStrings:Identity</c> says otherwise; SQL Server and PostgreSQL need it.
    /// The server providers retry transient failures, so code that opens its own transaction runs it through
    /// <c>Database.CreateExecutionStrategy()</c>.
    /// The contexts are pooled (reset and reused across requests instead of built for each): they take nothing but their
    /// options, so keep per-request state out of them.
    /// </summary>
    public static IServiceCollection AddIdentityDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        var connectionString = configuration.GetConnectionString("Identity");
        services.AddSingleton<DatabaseOutageMemory>(); // the server providers' retrying strategies share it

        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                connectionString = ConnectionTimeouts.ForSqlite(connectionString ?? DefaultSqliteConnectionString(configuration, environment));
                services.AddSingleton<SqliteWriteGate>(); // one per server: its writers queue there, not in SQLite's retries
                services.AddDbContextPool<IdentityDataContext, SqliteIdentityDataContext>((provider, options) =>
                    options.UseSqlite(connectionString)
                        .AddInterceptors(SqliteConnectionPragmas.Instance, provider.GetRequiredService<SqliteWriteGate>())
                        .UseOpenIddict());
                break;

            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is SqlServer but ConnectionStrings:Identity is empty. Set it to the SQL Server connection string.");
                }
                connectionString = ConnectionTimeouts.ForSqlServer(connectionString);
                services.AddDbContextPool<IdentityDataContext, SqlServerIdentityDataContext>((provider, options) =>
                    options.UseSqlServer(connectionString, sql => sql.ExecutionStrategy(dependencies => new OutageAwareRetries.SqlServer(
                        dependencies, provider.GetRequiredService<DatabaseOutageMemory>(),
                        ConnectionTimeouts.ServerMaxRetries, ConnectionTimeouts.ServerMaxRetryDelay))).UseOpenIddict());
                break;

            case DatabaseProvider.PostgreSql:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is PostgreSql but ConnectionStrings:Identity is empty. Set it to the PostgreSQL (Npgsql) connection string.");
                }
                connectionString = ConnectionTimeouts.ForPostgreSql(connectionString);
                services.AddDbContextPool<IdentityDataContext, PostgreSqlIdentityDataContext>((provider, options) =>
                    options.UseNpgsql(connectionString, npgsql => npgsql.ExecutionStrategy(dependencies => new OutageAwareRetries.PostgreSql(
                        dependencies, provider.GetRequiredService<DatabaseOutageMemory>(),
                        ConnectionTimeouts.ServerMaxRetries, ConnectionTimeouts.ServerMaxRetryDelay))).UseOpenIddict());
                break;

            default:
                throw new InvalidOperationException($"Database:Provider '{provider}' is not supported. Use Sqlite, SqlServer or PostgreSql.");
        }

        return services;
    }

    private static string DefaultSqliteConnectionString(IConfiguration configuration, IHostEnvironment environment)
    {
        var dataFolder = configuration["DataPath"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, environment.ContentRootPath)
            : Path.Combine(environment.ContentRootPath, "data");
        Directory.CreateDirectory(dataFolder);
        return $"Data Source={Path.Combine(dataFolder, "identity.db")}";
    }
}
