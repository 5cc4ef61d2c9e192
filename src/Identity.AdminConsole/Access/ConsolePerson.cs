using System.Globalization;
using System.Security.Claims;

namespace Identity.AdminConsole.Access;

/// <summary>What the console knows of the signed-in person: the ID token's claims, kept in the console cookie.</summary>
public static class ConsolePerson
{
    public static string? UserId(ClaimsPrincipal person) => person.FindFirst("sub")?.Value;

    public static string Username(ClaimsPrincipal person) => person.Identity?.Name ?? UserId(person) ?? "unknown";

    /// <summary>When the person last entered their password (the ID token's <c>auth_time</c>), or null.</summary>
    public static DateTimeOffset? SignedInAt(ClaimsPrincipal person) =>
        long.TryParse(person.FindFirst("auth_time")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
