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
    bool AutoFocus = false);
