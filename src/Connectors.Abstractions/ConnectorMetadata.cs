namespace Connectors.Abstractions;

/// <summary>What a connector plugin is, as shown to admins and on the sign-in page.</summary>
/// <param name="FactoryId">The plugin's id, e.g. <c>oauth2</c>; connector instances name it in <c>connectorId</c>.</param>
/// <param name="DefaultName">The button text's default name ("Continue with {name}") when an instance names none.</param>
/// <param name="Logo">A default logo URL (or <c>data:</c> URI) for the button, or null.</param>
/// <param name="AllowsMultipleInstances">Whether an admin may add the plugin several times (each with its own target).</param>
/// <param name="Description">One sentence for admins.</param>
public sealed record ConnectorMetadata(
    string FactoryId,
    string DefaultName,
    string? Logo,
    bool AllowsMultipleInstances,
    string Description);
