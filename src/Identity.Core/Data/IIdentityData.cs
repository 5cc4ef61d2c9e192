using Identity.Core.Accounts;
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

    DatabaseFacade Database { get; }

    ChangeTracker ChangeTracker { get; }

    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
