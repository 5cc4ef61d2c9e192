using System.Globalization;

namespace Identity.AdminConsole;

/// <summary>How the console writes times: UTC, ISO 8601, the same for every reader whatever their language or zone.</summary>
public static class ConsoleTime
{
    /// <summary>To the second, with the Z that says UTC: <c>2026-01-31T12:00:00Z</c>.</summary>
    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The value of a <c>datetime-local</c> input for this UTC time (the console states that its inputs are UTC).</summary>
    public static string Input(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    /// <summary>A <c>datetime-local</c> input's value read as UTC; null when empty, false when it is no such time.</summary>
    public static bool TryParseInput(string? value, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }
        string[] formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFF"];
        if (!DateTime.TryParseExact(value.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }
        time = new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc));
        return true;
    }
}
