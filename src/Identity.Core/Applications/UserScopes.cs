namespace Identity.Core.Applications;

/// <summary>
/// The scopes a user can grant to an app (OpenID Connect's standard ones); unknown scopes are dropped, not refused
/// (as Logto does). Every user-facing application may request them; anything else is an extra scope an admin grants.
/// </summary>
public static class UserScopes
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        "openid", "offline_access", "profile", "email", "phone", "address",
    };
}
