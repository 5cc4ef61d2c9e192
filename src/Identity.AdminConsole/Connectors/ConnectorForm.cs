namespace Identity.AdminConsole.Connectors;

/// <summary>What the connector form partial renders, for adding and for editing.</summary>
/// <param name="Editing">Editing: the id and target are shown but cannot change; an empty secret keeps the stored one.</param>
public sealed record ConnectorForm(
    bool Editing,
    string? Id,
    string? Target,
    string? Name,
    string? Logo,
    bool SyncProfile,
    IReadOnlyList<ConfigField> Fields,
    IReadOnlyDictionary<string, string?> Values,
    FieldErrors Errors,
    string SubmitText)
{
    /// <summary>The connector's own fields, beside the config's.</summary>
    public static readonly string[] OwnFields = ["id", "target", "name", "logo", "syncProfile"];

    /// <summary>The errors none of the fields shows (e.g. about the whole config or the plugin), for the alert.</summary>
    public IReadOnlyList<string> Unplaced => Errors.Unplaced([.. OwnFields, .. Fields.Select(f => f.Path)]);
}
