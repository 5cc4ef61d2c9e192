namespace Identity.Core.Audit;

/// <summary>The closed set of audit event types: dotted names, filterable by prefix (e.g. <c>signIn.</c>).</summary>
public static class AuditEventTypes
{
    public const string SignInSucceeded = "signIn.succeeded";
    public const string SignInFailed = "signIn.failed";
    public const string AccountLocked = "account.locked";
    public const string SignUpSucceeded = "signUp.succeeded";
    public const string SignOut = "signOut";
    public const string TokenIssued = "token.issued";
    public const string TokenClientAuthenticationFailed = "token.clientAuthenticationFailed";

    public const string ApplicationCreated = "admin.application.created";
    public const string ApplicationUpdated = "admin.application.updated";
    public const string ApplicationDeleted = "admin.application.deleted";
    public const string ApplicationSecretRotated = "admin.application.secretRotated";
    public const string ConnectorCreated = "admin.connector.created";
    public const string ConnectorUpdated = "admin.connector.updated";
    public const string ConnectorDeleted = "admin.connector.deleted";
    public const string SignInExperienceUpdated = "admin.signInExperience.updated";
    public const string UserCreated = "admin.user.created";
    public const string UserUpdated = "admin.user.updated";
    public const string UserDeleted = "admin.user.deleted";
    public const string UserPasswordChanged = "admin.user.passwordChanged";
    public const string UserLocked = "admin.user.locked";
    public const string UserUnlocked = "admin.user.unlocked";
    public const string UserIdentityDeleted = "admin.user.identityDeleted";
    public const string UserGrantsRevoked = "admin.user.grantsRevoked";
    public const string UserSessionsEnded = "admin.user.sessionsEnded";
    public const string ResourceCreated = "admin.resource.created";
    public const string ResourceUpdated = "admin.resource.updated";
    public const string ResourceDeleted = "admin.resource.deleted";
    public const string RoleCreated = "admin.role.created";
    public const string RoleUpdated = "admin.role.updated";
    public const string RoleDeleted = "admin.role.deleted";
    public const string RoleAssigned = "admin.role.assigned";
    public const string RoleUnassigned = "admin.role.unassigned";
    public const string CustomPhrasesUpdated = "admin.customPhrases.updated";
    public const string CustomPhrasesDeleted = "admin.customPhrases.deleted";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        SignInSucceeded, SignInFailed, AccountLocked, SignUpSucceeded, SignOut, TokenIssued, TokenClientAuthenticationFailed,
        ApplicationCreated, ApplicationUpdated, ApplicationDeleted, ApplicationSecretRotated,
        ConnectorCreated, ConnectorUpdated, ConnectorDeleted, SignInExperienceUpdated,
        UserCreated, UserUpdated, UserDeleted, UserPasswordChanged, UserLocked, UserUnlocked, UserIdentityDeleted, UserGrantsRevoked, UserSessionsEnded,
        ResourceCreated, ResourceUpdated, ResourceDeleted, RoleCreated, RoleUpdated, RoleDeleted, RoleAssigned, RoleUnassigned,
        CustomPhrasesUpdated, CustomPhrasesDeleted,
    };

    /// <summary>
    /// Whether <paramref name="filter"/> is a type, or a prefix ending in a dot that some type starts with
    /// (<c>signIn.</c>, <c>admin.</c>, <c>admin.user.</c>).
    /// </summary>
    public static bool IsValidFilter(string filter) =>
        All.Contains(filter) || (filter.EndsWith('.') && All.Any(type => type.StartsWith(filter, StringComparison.Ordinal)));
}
