using Identity.Core.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Identity.Server.Data;

/// <summary>
/// All the server's state: users (ASP.NET Core Identity), OpenIddict's applications, authorizations and tokens,
/// the Data Protection key ring and the token signing keys. One subclass per database provider carries that
/// provider's migrations.
/// </summary>
public abstract class IdentityDataContext(DbContextOptions options)
    : IdentityDbContext<UserAccount>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SigningKeyRecord> SigningKeys => Set<SigningKeyRecord>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();

        builder.Entity<UserAccount>(user =>
        {
            user.Property(u => u.Name).HasMaxLength(256);
            user.Property(u => u.Picture).HasMaxLength(2048);
        });

        builder.Entity<SigningKeyRecord>(key =>
        {
            key.ToTable("SigningKeys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(64);
            key.Property(k => k.Use).HasMaxLength(16);
            key.Property(k => k.Algorithm).HasMaxLength(32);
            key.HasIndex(k => k.Use);
        });
    }
}

/// <summary>The embedded default: a SQLite file.</summary>
public sealed class SqliteIdentityDataContext(DbContextOptions<SqliteIdentityDataContext> options) : IdentityDataContext(options);

/// <summary>Production storage on SQL Server.</summary>
public sealed class SqlServerIdentityDataContext(DbContextOptions<SqlServerIdentityDataContext> options) : IdentityDataContext(options);
