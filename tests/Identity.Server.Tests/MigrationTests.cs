using Identity.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Server.Tests;

/// <summary>Each provider's checked-in migrations describe the current model: no change is left without a migration.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void Sqlite_Migrations_MatchTheModel()
    {
        using var context = new SqliteIdentityDataContext(new DbContextOptionsBuilder<SqliteIdentityDataContext>()
            .UseSqlite("Data Source=:memory:").UseOpenIddict().Options);

        Assert.False(context.Database.HasPendingModelChanges(), "Run `dotnet ef migrations add` for SQLite (see README).");
        Assert.NotEmpty(context.Database.GetMigrations());
    }

    [Fact]
    public void SqlServer_Migrations_MatchTheModel()
    {
        // No SQL Server runs here; comparing the model with the migrations needs no connection.
        using var context = new SqlServerIdentityDataContext(new DbContextOptionsBuilder<SqlServerIdentityDataContext>()
            .UseSqlServer("Server=unused;Database=unused").UseOpenIddict().Options);

        Assert.False(context.Database.HasPendingModelChanges(), "Run `dotnet ef migrations add` for SQL Server (see README).");
        Assert.NotEmpty(context.Database.GetMigrations());
    }
}
