using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Identity.Data;

/// <summary>
/// Short waits for an unavailable database, so a request fails with a clear 503 in seconds instead of hanging
/// (see Operations/DatabaseUnavailableAnswers.cs). Applied only when the connection string sets no timeout of its own.
/// </summary>
public static class ConnectionTimeouts
{
    /// <summary>SQL Server: seconds to open a connection (SqlClient's default is 15).</summary>
    public const int SqlServerConnectSeconds = 5;

    /// <summary>
    /// SQL Server and PostgreSQL: retries of a transient failure, and the longest pause between them (EF's defaults: 6 and
    /// 30 s, which would hold a request for minutes during an outage).
    /// </summary>
    public const int ServerMaxRetries = 2;

    public static readonly TimeSpan ServerMaxRetryDelay = TimeSpan.FromSeconds(2);

    /// <summary>PostgreSQL: seconds to open a connection (Npgsql's default is 15).</summary>
    public const int PostgreSqlConnectSeconds = 5;

    /// <summary>SQLite: seconds a statement waits for a lock held by another writer (Microsoft.Data.Sqlite's default is 30).</summary>
    public const int SqliteBusySeconds = 5;

    public static string ForSqlite(string connectionString)
    {
        if (SetsAny(connectionString, "Default Timeout", "DefaultTimeout", "Command Timeout"))
        {
            return connectionString;
        }
        return new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = SqliteBusySeconds }.ToString();
    }

    public static string ForSqlServer(string connectionString)
    {
        if (SetsAny(connectionString, "Connect Timeout", "Connection Timeout", "ConnectTimeout", "Timeout"))
        {
            return connectionString;
        }
        return new SqlConnectionStringBuilder(connectionString) { ConnectTimeout = SqlServerConnectSeconds }.ToString();
    }

    public static string ForPostgreSql(string connectionString)
    {
        if (SetsAny(connectionString, "Timeout"))
        {
            return connectionString;
        }
        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Timeout = PostgreSqlConnectSeconds }.ToString();
    }

    private static bool SetsAny(string connectionString, params string[] keys)
    {
        var parsed = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(parsed.ContainsKey);
    }
}
