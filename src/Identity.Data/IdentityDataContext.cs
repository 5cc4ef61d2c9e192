using Identity.Core.Accounts;
using Identity.Core.Data;
using Identity.Core;
using Identity.Core.Resources;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Data;

/// <summary>
/// All the server's state: users (ASP.NET Core Identity), OpenIddict's applications, authorizations and tokens,
/// the Data Protection key ring, the token signing keys and the audit log. One subclass per database provider carries that
/// provider's migrations.
/// </summary>
public abstract class IdentityDataContext(DbContextOptions options)
    : IdentityDbContext<UserAccount>(options), IDataProtectionKeyContext, IIdentityData
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<SigningKeyRecord> SigningKeys => Set<SigningKeyRecord>();

    public DbSet<SessionRecord> Sessions => Set<SessionRecord>();

    public DbSet<ConnectorInstance> Connectors => Set<ConnectorInstance>();

    public DbSet<SocialIdentity> SocialIdentities => Set<SocialIdentity>();

    public DbSet<SocialAttempt> SocialAttempts => Set<SocialAttempt>();

    public DbSet<SignInExperienceRecord> SignInExperiences => Set<SignInExperienceRecord>();

    public DbSet<ApiResource> Resources => Set<ApiResource>();

    public DbSet<ResourceScope> ResourceScopes => Set<ResourceScope>();

    public DbSet<Role> AccessRoles => Set<Role>();

    public DbSet<RoleScope> RoleScopes => Set<RoleScope>();

    public DbSet<UserRole> UserAccessRoles => Set<UserRole>();

    public DbSet<ApplicationRole> ApplicationRoles => Set<ApplicationRole>();

    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();

    public DbSet<AccessTokenRevocation> AccessTokenRevocations => Set<AccessTokenRevocation>();

    public DbSet<ChangeStamp> ChangeStamps => Set<ChangeStamp>();

    public DbSet<CustomPhrase> CustomPhrases => Set<CustomPhrase>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.UseOpenIddict();

        builder.Entity<UserAccount>(user =>
        {
            user.Property(u => u.Name).HasMaxLength(256);
            user.Property(u => u.Picture).HasMaxLength(StoredLengths.Uri);
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

        builder.Entity<SessionRecord>(session =>
        {
            session.ToTable("Sessions");
            session.HasKey(s => s.Id);
            session.Property(s => s.Id).HasMaxLength(64);
            session.Property(s => s.UserId).HasMaxLength(450);
            session.HasIndex(s => s.UserId);
            session.HasIndex(s => s.ExpiresAt);
        });

        builder.Entity<ConnectorInstance>(connector =>
        {
            connector.ToTable("Connectors");
            connector.HasKey(c => c.Id);
            connector.Property(c => c.Id).HasMaxLength(StoredLengths.Id);
            connector.Property(c => c.FactoryId).HasMaxLength(StoredLengths.Id);
            connector.Property(c => c.Target).HasMaxLength(StoredLengths.Id);
            connector.Property(c => c.Name).HasMaxLength(StoredLengths.Name);
            connector.Property(c => c.Logo).HasMaxLength(8192);
            connector.HasIndex(c => c.Target).IsUnique();
        });

        builder.Entity<SocialIdentity>(identity =>
        {
            identity.ToTable("SocialIdentities");
            identity.HasKey(i => i.Id);
            identity.Property(i => i.Target).HasMaxLength(StoredLengths.Id);
            identity.Property(i => i.ExternalId).HasMaxLength(256);
            identity.HasIndex(i => new { i.Target, i.ExternalId }).IsUnique();
            identity.HasIndex(i => i.UserId);
            identity.HasOne<UserAccount>().WithMany().HasForeignKey(i => i.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<SocialAttempt>(attempt =>
        {
            attempt.ToTable("SocialAttempts");
            attempt.HasKey(a => a.Id);
            attempt.Property(a => a.Id).HasMaxLength(64);
            attempt.Property(a => a.BrowserBinding).HasMaxLength(64);
            attempt.Property(a => a.ConnectorId).HasMaxLength(StoredLengths.Id);
            attempt.Property(a => a.ReturnUrl).HasMaxLength(8192);
            attempt.Property(a => a.RedirectUri).HasMaxLength(StoredLengths.Uri);
            // Unix milliseconds: every provider can compare them (SQLite cannot compare DateTimeOffset).
            attempt.Property(a => a.CreatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
            attempt.Property(a => a.ExpiresAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
            attempt.HasIndex(a => a.BrowserBinding);
            attempt.HasIndex(a => a.ExpiresAt);
        });

        builder.Entity<SignInExperienceRecord>(experience =>
        {
            experience.ToTable("SignInExperiences");
            experience.HasKey(e => e.Id);
            experience.Property(e => e.Id).HasMaxLength(32);
            experience.Property(e => e.SignInMode).HasConversion<string>().HasMaxLength(32);
            experience.Property(e => e.AppName).HasMaxLength(StoredLengths.Name);
            experience.Property(e => e.LogoUrl).HasMaxLength(StoredLengths.Uri);
            experience.Property(e => e.DarkLogoUrl).HasMaxLength(StoredLengths.Uri);
            experience.Property(e => e.PrimaryColor).HasMaxLength(7);
            experience.Property(e => e.DarkPrimaryColor).HasMaxLength(7);
            experience.Property(e => e.ColorScheme).HasConversion<string>().HasMaxLength(8);
            experience.Property(e => e.TermsOfUseUrl).HasMaxLength(StoredLengths.Uri);
            experience.Property(e => e.PrivacyPolicyUrl).HasMaxLength(StoredLengths.Uri);
            experience.Property(e => e.FallbackLanguage).HasMaxLength(SignInExperienceRecord.MaxFallbackLanguageLength);
        });

        OnResourcesAndRolesCreating(builder);

        builder.Entity<AuditLogEntry>(entry =>
        {
            entry.ToTable("AuditLog");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).ValueGeneratedOnAdd();
            // Unix milliseconds: every provider can compare and sort them (SQLite cannot sort DateTimeOffset).
            entry.Property(e => e.CreatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
            entry.Property(e => e.Type).HasMaxLength(AuditLogEntry.MaxTypeLength);
            entry.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
            entry.Property(e => e.UserId).HasMaxLength(AuditLogEntry.MaxUserIdLength);
            entry.Property(e => e.Username).HasMaxLength(AuditLogEntry.MaxUsernameLength);
            entry.Property(e => e.ClientId).HasMaxLength(AuditLogEntry.MaxClientIdLength);
            entry.Property(e => e.Actor).HasMaxLength(AuditLogEntry.MaxActorLength);
            entry.Property(e => e.IpAddress).HasMaxLength(AuditLogEntry.MaxIpAddressLength);
            entry.Property(e => e.UserAgent).HasMaxLength(AuditLogEntry.MaxUserAgentLength);
            entry.Property(e => e.Details).HasMaxLength(AuditLogEntry.MaxDetailsLength);
            entry.HasIndex(e => e.CreatedAt);
            entry.HasIndex(e => e.UserId);
        });

        builder.Entity<AccessTokenRevocation>(revocation =>
        {
            revocation.ToTable("AccessTokenRevocations");
            revocation.HasKey(r => r.Id);
            revocation.Property(r => r.Id).HasMaxLength(AccessTokenRevocation.MaxIdLength);
            revocation.HasIndex(r => r.ExpiresAt);
        });

        builder.Entity<ChangeStamp>(stamp =>
        {
            stamp.ToTable("ChangeStamps");
            stamp.HasKey(s => s.Name);
            stamp.Property(s => s.Name).HasMaxLength(ChangeStamp.MaxNameLength);
            stamp.Property(s => s.Stamp).HasMaxLength(ChangeStamp.MaxStampLength);
            // The row exists from the first migration on: a change only ever updates it.
            stamp.HasData(
                new ChangeStamp { Name = ChangeStamp.Applications, Stamp = "00000000-0000-0000-0000-000000000000" },
                new ChangeStamp { Name = ChangeStamp.CustomPhrases, Stamp = "00000000-0000-0000-0000-000000000000" });
        });

        builder.Entity<CustomPhrase>(phrase =>
        {
            phrase.ToTable("CustomPhrases");
            phrase.HasKey(p => p.LanguageTag);
            phrase.Property(p => p.LanguageTag).HasMaxLength(StoredLengths.LanguageTag);
            // Translation stays unbounded text: the admin bounds each phrase and the set of keys, and so the whole object.
            phrase.Property(p => p.UpdatedAt).HasConversion(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));
        });
    }

    // API resources, their scopes, roles and who holds them (Logto's tables: resources, scopes, roles, roles_scopes,
    // users_roles, applications_roles). Deleting a resource, scope, role, user or application deletes its links.
    private static void OnResourcesAndRolesCreating(ModelBuilder builder)
    {
        builder.Entity<ApiResource>(resource =>
        {
            resource.ToTable("Resources");
            resource.HasKey(r => r.Id);
            resource.Property(r => r.Id).HasMaxLength(StoredLengths.Id);
            resource.Property(r => r.Indicator).HasMaxLength(StoredLengths.ResourceIndicator);
            resource.Property(r => r.Name).HasMaxLength(StoredLengths.Name);
            resource.HasIndex(r => r.Indicator).IsUnique();
            resource.HasMany(r => r.Scopes).WithOne().HasForeignKey(s => s.ResourceId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<ResourceScope>(scope =>
        {
            scope.ToTable("ResourceScopes");
            scope.HasKey(s => s.Id);
            scope.Property(s => s.Id).HasMaxLength(StoredLengths.Id);
            scope.Property(s => s.ResourceId).HasMaxLength(StoredLengths.Id);
            scope.Property(s => s.Name).HasMaxLength(StoredLengths.ScopeName);
            scope.Property(s => s.Description).HasMaxLength(StoredLengths.Description);
            scope.HasIndex(s => new { s.ResourceId, s.Name }).IsUnique();
        });

        builder.Entity<Role>(role =>
        {
            role.ToTable("Roles");
            role.HasKey(r => r.Id);
            role.Property(r => r.Id).HasMaxLength(StoredLengths.Id);
            role.Property(r => r.Name).HasMaxLength(StoredLengths.Name);
            role.Property(r => r.Description).HasMaxLength(StoredLengths.Description);
            role.Property(r => r.Type).HasConversion<string>().HasMaxLength(32);
            role.HasIndex(r => r.Name).IsUnique();
            role.HasMany(r => r.Scopes).WithOne().HasForeignKey(s => s.RoleId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<RoleScope>(grant =>
        {
            grant.ToTable("RoleScopes");
            grant.HasKey(g => new { g.RoleId, g.ScopeId });
            grant.Property(g => g.RoleId).HasMaxLength(StoredLengths.Id);
            grant.Property(g => g.ScopeId).HasMaxLength(StoredLengths.Id);
            grant.HasOne<ResourceScope>().WithMany().HasForeignKey(g => g.ScopeId).OnDelete(DeleteBehavior.Cascade);
            grant.HasIndex(g => g.ScopeId);
        });

        builder.Entity<UserRole>(held =>
        {
            held.ToTable("UserRoles");
            held.HasKey(h => new { h.UserId, h.RoleId });
            held.Property(h => h.UserId).HasMaxLength(450);
            held.Property(h => h.RoleId).HasMaxLength(StoredLengths.Id);
            held.HasOne<UserAccount>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
            held.HasOne<Role>().WithMany().HasForeignKey(h => h.RoleId).OnDelete(DeleteBehavior.Cascade);
            held.HasIndex(h => h.RoleId);
        });

        builder.Entity<ApplicationRole>(held =>
        {
            held.ToTable("ApplicationRoles");
            held.HasKey(h => new { h.ApplicationId, h.RoleId });
            held.Property(h => h.RoleId).HasMaxLength(StoredLengths.Id);
            held.HasOne<OpenIddictEntityFrameworkCoreApplication>().WithMany().HasForeignKey(h => h.ApplicationId).OnDelete(DeleteBehavior.Cascade);
            held.HasOne<Role>().WithMany().HasForeignKey(h => h.RoleId).OnDelete(DeleteBehavior.Cascade);
            held.HasIndex(h => h.RoleId);
        });
    }
}

/// <summary>The embedded default: a SQLite file.</summary>
public sealed class SqliteIdentityDataContext(DbContextOptions<SqliteIdentityDataContext> options) : IdentityDataContext(options);

/// <summary>Production storage on SQL Server.</summary>
public sealed class SqlServerIdentityDataContext(DbContextOptions<SqlServerIdentityDataContext> options) : IdentityDataContext(options);

/// <summary>
/// Production storage on PostgreSQL (Npgsql). <see cref="DateTimeOffset"/> columns are <c>timestamp with time zone</c>,
/// which Npgsql only writes with a zero offset: every value is turned to UTC on the way in (the instant is unchanged, and
/// it is read back as UTC, as on the other providers' comparisons).
/// </summary>
public sealed class PostgreSqlIdentityDataContext(DbContextOptions<PostgreSqlIdentityDataContext> options) : IdentityDataContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }

    private sealed class UtcDateTimeOffsetConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => value.ToUniversalTime(), value => value.ToUniversalTime());
}
