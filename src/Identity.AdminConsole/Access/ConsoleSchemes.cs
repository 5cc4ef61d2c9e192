namespace Identity.AdminConsole.Access;

/// <summary>The console's authentication schemes and policy: its own cookie, signed in by its own OpenID Connect client.</summary>
public static class ConsoleSchemes
{
    /// <summary>The console session: separate from end users' session cookie, shorter, and for /console only.</summary>
    public const string Cookie = "Console";

    /// <summary>The console's OpenID Connect client of this server (code + PKCE).</summary>
    public const string OpenIdConnect = "ConsoleOidc";

    /// <summary>Signed in to the console and holding the console permission, checked on every request.</summary>
    public const string Policy = "ConsoleAdmin";
}
