namespace Identity.Ui.Pages;

/// <summary>What the shared <c>_Field</c> partial renders: one labelled input and its error.</summary>
public sealed record FieldViewModel(
    string Id,
    string Name,
    string Label,
    string Type,
    string? Value,
    string AutoComplete,
    int MaxLength,
    string? Error,
    bool AutoFocus = false,
    string? Hint = null)
{
    /// <summary>The ids of the texts that describe the input (its hint, then its error), for aria-describedby.</summary>
    public string? DescribedBy => string.Join(' ', new[] { Hint is null ? null : Id + "-hint", Error is null ? null : Id + "-error" }
        .Where(id => id is not null)) is { Length: > 0 } ids ? ids : null;
}
