using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Identity.Data;

// Used only by `dotnet ef migrations add`: builds each provider's context without starting the host.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIdentityDataContext>
{
    public SqliteIdentityDataContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteIdentityDataContext>().UseSqlite("Data Source=design.db").UseOpenIddict().Options);
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerIdentityDataContext>
{
    public SqlServerIdentityDataContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerIdentityDataContext>().UseSqlServer("Server=.;Database=Identity;Trusted_Connection=True").UseOpenIddict().Options);
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlIdentityDataContext>
{
    public PostgreSqlIdentityDataContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlIdentityDataContext>().UseNpgsql("Host=localhost;Database=identity").UseOpenIddict().Options);
}
