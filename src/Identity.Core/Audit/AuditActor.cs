namespace Identity.Core.Audit;

/// <summary>
/// Who is making admin changes in this scope, set by each admin door: the Management API (its client id), the CLI, the
/// seed runner, the first-start bootstrap, the console (the person). Sign-ins and token grants have no actor: the user or client is the subject.
/// </summary>
public sealed class AuditActor
{
    public const string Cli = "cli";
    public const string Seed = "seed";
    public const string Bootstrap = "bootstrap";
    /// <summary>The console's one-time first-admin link (no one is signed in yet).</summary>
    public const string Setup = "setup";

    /// <summary>A person working in the Admin Console, named by their username.</summary>
    public static string ConsolePerson(string username) => "console:" + username;

    public string? Name { get; set; }
}
