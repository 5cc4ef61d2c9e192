using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Identity.Admin.Seeding;
using OpenIddict.Abstractions;

namespace Identity.Admin;

/// <summary>
/// What an application is granted (its secret, type, grant types and scopes) and when that last changed: the one place
/// that decides which admin changes end the tokens the application holds for itself.
/// </summary>
public static class ApplicationGrants
{
    /// <summary>The application property holding when its credentials or grants last changed (ISO 8601, UTC).</summary>
    public const string ChangedAtProperty = "grantsChangedAt";

    /// <summary>
    /// The claim of a client-credentials access token that says under which grants it was issued: the application's
    /// <see cref="VersionOf">grants version</see> at the time. Such tokens have no row to revoke, so a token whose
    /// version is no longer the application's (its secret rotated, a scope or its type changed) is refused.
    /// </summary>
    public const string AccessTokenClaim = "grants_changed_at";

    /// <summary>The application's grants version: when they last changed, or <c>initial</c> when they never did.</summary>
    public static string VersionOf(ImmutableDictionary<string, JsonElement> properties) =>
        properties.TryGetValue(ChangedAtProperty, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "initial";

    /// <summary>
    /// True when <paramref name="wanted"/> grants something other than <paramref name="current"/>: another type, client
    /// type or permission set (grant types, endpoints, scopes). The secret is compared by the caller (it is hashed).
    /// A new name or redirect URI grants nothing.
    /// </summary>
    public static bool Differ(OpenIddictApplicationDescriptor current, OpenIddictApplicationDescriptor wanted) =>
        current.ClientType != wanted.ClientType ||
        ApplicationDescriptors.TypeOf(current) != ApplicationDescriptors.TypeOf(wanted) ||
        !current.Permissions.SetEquals(wanted.Permissions);

    /// <summary>Records on <paramref name="descriptor"/> that its grants change now.</summary>
    public static void Stamp(OpenIddictApplicationDescriptor descriptor, DateTimeOffset now) =>
        descriptor.Properties[ChangedAtProperty] = JsonSerializer.SerializeToElement(now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>Keeps the stored change time on a descriptor rebuilt from an admin's input.</summary>
    public static void CarryOver(OpenIddictApplicationDescriptor from, OpenIddictApplicationDescriptor to)
    {
        if (from.Properties.TryGetValue(ChangedAtProperty, out var value))
        {
            to.Properties[ChangedAtProperty] = value;
        }
    }

    /// <summary>When the application's grants last changed, or null when they never did.</summary>
    public static DateTimeOffset? ChangedAt(ImmutableDictionary<string, JsonElement> properties) =>
        properties.TryGetValue(ChangedAtProperty, out var value) && value.ValueKind == JsonValueKind.String &&
        DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    /// <summary>
    /// True when a token created at <paramref name="issuedAt"/> predates the change at <paramref name="changedAt"/>.
    /// Token times have whole seconds (JWT <c>iat</c>), so a token of the change's own second is let through: tokens
    /// that existed at the change were revoked with it, and one issued later in that second was issued under the new grant.
    /// </summary>
    public static bool PredatesChange(DateTimeOffset? issuedAt, DateTimeOffset? changedAt) =>
        changedAt is { } changed && (issuedAt is not { } issued || issued.ToUnixTimeSeconds() < changed.ToUnixTimeSeconds());
}
