using System.Globalization;
using Identity.Core;

namespace Identity.Server.Security;

/// <summary>
/// The one place that reads <c>Security:FailureRateLimit</c>. The section's own <c>PermitLimit</c>, <c>Window</c> and
/// <c>MaxTrackedClients</c> are every surface's defaults (so a configuration written before surfaces were counted apart
/// keeps its meaning); a subsection named after a <see cref="FailureSurface"/> overrides any of them for that surface
/// alone, e.g. <c>Security:FailureRateLimit:ClientAuthentication:PermitLimit</c>. A value that is not a number in
/// range stops the start, naming the setting.
/// </summary>
public static class FailureRateLimitSettings
{
    public const string Section = "Security:FailureRateLimit";

    // A longer window is a ban rather than a rate limit; the bound also keeps "window start + window" far from the
    // largest date, whose overflow would turn every counted request into a 500.
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(1);

    /// <summary>Each surface's limit, from configuration.</summary>
    public static IReadOnlyDictionary<FailureSurface, FailureRateLimitOptions> Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = Read(section, FailureRateLimitOptions.Default);
        return Enum.GetValues<FailureSurface>().ToDictionary(surface => surface, surface => Read(section.GetSection(surface.ToString()), defaults));
    }

    private static FailureRateLimitOptions Read(IConfigurationSection section, FailureRateLimitOptions fallback) => new(
        Count(section, nameof(FailureRateLimitOptions.PermitLimit), fallback.PermitLimit, minimum: 0),
        Duration(section, nameof(FailureRateLimitOptions.Window), fallback.Window),
        Count(section, nameof(FailureRateLimitOptions.MaxTrackedClients), fallback.MaxTrackedClients, minimum: 1));

    private static int Count(IConfigurationSection section, string name, int fallback, int minimum)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum
            ? value
            : throw new StartupConfigurationException($"{section.Path}:{name} '{text}' is not a whole number of at least {minimum}.");
    }

    private static TimeSpan Duration(IConfigurationSection section, string name, TimeSpan fallback)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value) && value > TimeSpan.Zero && value <= MaxWindow
            ? value
            : throw new StartupConfigurationException(
                $"{section.Path}:{name} '{text}' is not a duration above zero and at most {MaxWindow:c}, written [d.]hh:mm:ss.");
    }
}
