using Identity.Core.Accounts;
using Identity.Core.Resources;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Identity.Core.Data;

/// <summary>The tables the domain services use; the server's DbContext implements it for each database provider.</summary>
public interface IIdentityData
{
    DbSet<UserAccount> Users { get; }

    DbSet<ConnectorInstance> Connectors { get; }

    DbSet<SocialIdentity> SocialIdentities { get; }

    DbSet<SocialAttempt> SocialAttempts { get; }

    DbSet<SignInExperienceRecord> SignInExperiences { get; }

    DbSet<ApiResource> Resources { get; }

    DbSet<ResourceScope> ResourceScopes { get; }

    DbSet<Role> AccessRoles { get; }

    DbSet<RoleScope> RoleScopes { get; }

    DbSet<UserRole> UserAccessRoles { get; }

    DbSet<ApplicationRole> ApplicationRoles { get; }

    DatabaseFacade Database { get; }

    ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
