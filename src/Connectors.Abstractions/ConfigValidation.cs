namespace Connectors.Abstractions;

/// <summary>A problem with one field of a connector's configuration.</summary>
/// <param name="Field">The field's path in the JSON config, e.g. <c>tokenEndpoint</c> or <c>profileMap.id</c>.</param>
/// <param name="Message">What is wrong with it.</param>
public sealed record ConfigFieldError(string Field, string Message);

/// <summary>The outcome of validating a JSON configuration: the typed config, or every field error at once.</summary>
public sealed record ConfigValidationResult
{
    private ConfigValidationResult(object? config, IReadOnlyList<ConfigFieldError> errors) => (Config, Errors) = (config, errors);

    /// <summary>The typed configuration, when valid.</summary>
    public object? Config { get; }

    /// <summary>The field errors, when invalid.</summary>
    public IReadOnlyList<ConfigFieldError> Errors { get; }

    /// <summary>True when the configuration can be used.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>A valid configuration.</summary>
    public static ConfigValidationResult Valid(object config) => new(config ?? throw new ArgumentNullException(nameof(config)), []);

    /// <summary>An invalid configuration with at least one field error.</summary>
    public static ConfigValidationResult Invalid(IReadOnlyList<ConfigFieldError> errors) =>
        errors is { Count: > 0 } ? new(null, errors) : throw new ArgumentException("An invalid result needs errors.", nameof(errors));
}
