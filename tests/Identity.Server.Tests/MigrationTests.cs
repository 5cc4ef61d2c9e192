using Identity.Data;
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

    [Fact]
    public void PostgreSql_Migrations_MatchTheModel()
    {
        // Comparing the model with the migrations needs no connection (nothing listens on this port).
        using var context = new PostgreSqlIdentityDataContext(new DbContextOptionsBuilder<PostgreSqlIdentityDataContext>()
            .UseNpgsql("Host=127.0.0.1;Port=1;Database=unused").UseOpenIddict().Options);

        Assert.False(context.Database.HasPendingModelChanges(), "Run `dotnet ef migrations add` for PostgreSQL (see README).");
        Assert.NotEmpty(context.Database.GetMigrations());
    }

    [Fact]
    public void PostgreSql_DateTimeOffsetColumns_AreWrittenInUtc()
    {
        // Npgsql refuses a DateTimeOffset with a non-zero offset for timestamptz; every such column converts to UTC first.
        using var context = new PostgreSqlIdentityDataContext(new DbContextOptionsBuilder<PostgreSqlIdentityDataContext>()
            .UseNpgsql("Host=127.0.0.1;Port=1;Database=unused").UseOpenIddict().Options);
        var local = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));

        var properties = context.Model.GetEntityTypes().SelectMany(e => e.GetProperties())
            .Where(p => p.ClrType == typeof(DateTimeOffset) || p.ClrType == typeof(DateTimeOffset?)).ToList();

        Assert.NotEmpty(properties);
        Assert.All(properties, property =>
        {
            var converter = property.GetTypeMapping().Converter;
            Assert.True(converter is not null, $"{property.DeclaringType.DisplayName()}.{property.Name} has no converter.");
            var written = converter.ConvertToProvider(local);
            Assert.True(written is long || written is DateTimeOffset { Offset.Ticks: 0 },
                $"{property.DeclaringType.DisplayName()}.{property.Name} writes {written}.");
        });
    }
}
