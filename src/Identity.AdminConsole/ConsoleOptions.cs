namespace Identity.AdminConsole;

/// <summary>
/// The <c>Console</c> configuration section. Console sessions are shorter than end users' (an admin's cookie is worth
/// more to an attacker) and a secret is shown or rotated only after a recent sign-in.
/// </summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Whether the console is served at all (<c>Console:Enabled=false</c> turns every /console route into 404).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A console session ends after this long without a request.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A console session ends this long after its sign-in, however active.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Showing or rotating a secret asks for the password again when the last sign-in is older than this.</summary>
    public TimeSpan RecentSignIn { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether a start on a database without a console admin prints the one-time setup link.</summary>
    public bool PrintSetupLink { get; set; } = true;
}
