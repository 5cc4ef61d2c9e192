namespace Identity.Core;

/// <summary>
/// A configuration mistake found while the server (or a CLI command) is composed, such as an unreadable certificate or a
/// limit that is not a number: reported as one message naming the setting, and the start stops.
/// </summary>
public sealed class StartupConfigurationException(string message) : Exception(message);
