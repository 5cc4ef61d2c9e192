namespace Identity.Data;

/// <summary>
/// A random stamp that every change of a set of rows replaces in the same transaction, so an instance that keeps those
/// rows in memory learns of another instance's change by reading one row (see the server's ApplicationSnapshot).
/// </summary>
public sealed class ChangeStamp
{
    /// <summary>The stamp of the applications (OpenIddict's Applications table).</summary>
    public const string Applications = "applications";

    /// <summary>The stamp of the custom phrases (<see cref="CustomPhrase"/>; the server's CustomPhraseSnapshot).</summary>
    public const string CustomPhrases = "customPhrases";

    public const int MaxNameLength = 64;
    public const int MaxStampLength = 36;

    public required string Name { get; set; }

    public required string Stamp { get; set; }

    /// <summary>A new stamp: unique, so no two changes ever leave the same one.</summary>
    public static string NewStamp() => Guid.NewGuid().ToString("D");
}
