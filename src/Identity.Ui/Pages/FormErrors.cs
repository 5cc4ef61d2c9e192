using Identity.Core.Accounts;

namespace Identity.Ui.Pages;

/// <summary>Errors of a posted form: by field (shown next to it) and all together (shown in the alert).</summary>
public sealed class FormErrors
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<string> All => [.. _errors.Select(e => e.Message).Distinct()];

    public string? For(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;

    public void Add(FieldError error) => _errors.Add(error);

    public void AddRange(IEnumerable<FieldError> errors) => _errors.AddRange(errors);
}
