namespace Connectors.Abstractions;

/// <summary>
/// A connector failure. <see cref="Exception.Message"/> says what was wrong in words an admin can act on (which field
/// of which response) and never contains a secret, a token or a code.
/// </summary>
public sealed class ConnectorException : Exception
{
    /// <summary>Creates a failure with its code and an admin-facing message.</summary>
    public ConnectorException(ConnectorErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException) => Code = code;

    /// <summary>Which kind of failure this is.</summary>
    public ConnectorErrorCode Code { get; }
}
