namespace Identity.AdminConsole.Connectors;

/// <summary>How a config property is edited: the input the form renders for its JSON Schema type.</summary>
public enum ConfigFieldKind
{
    Text,
    Url,
    Secret,
    Boolean,
    Choice,
    Number,
    Json,
}

/// <summary>One property of a connector plugin's config schema, as a form field.</summary>
/// <param name="Name">The property's name in the config, e.g. <c>tokenEndpoint</c>.</param>
/// <param name="Choices">The allowed values of an <see cref="ConfigFieldKind.Choice"/>.</param>
/// <param name="Default">The schema's default, as the form writes it (JSON for objects), or null.</param>
public sealed record ConfigField(
    string Name, ConfigFieldKind Kind, bool Required, string? Description, IReadOnlyList<string> Choices, string? Default)
{
    /// <summary>The input's id; its error is <c>{InputId}-error</c>.</summary>
    public string InputId => "config-" + Name;

    /// <summary>The posted field's name, and the path of the service's errors about it (<c>config.tokenEndpoint</c>).</summary>
    public string Path => "config." + Name;
}
