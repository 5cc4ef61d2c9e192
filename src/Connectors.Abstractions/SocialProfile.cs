using System.Text.Json;

namespace Connectors.Abstractions;

/// <summary>A user's profile at the upstream provider, normalized: the same five fields whatever the provider.</summary>
/// <param name="Id">The user's stable id at the provider, always a string (numeric ids are converted).</param>
/// <param name="Email">The email address, if the provider gave one.</param>
/// <param name="EmailVerified">Whether the provider says it verified the email; false when it does not say.</param>
/// <param name="Phone">The phone number, if given.</param>
/// <param name="Name">The display name, if given.</param>
/// <param name="Avatar">The avatar URL, if given.</param>
/// <param name="RawData">The provider's whole user info document, kept with the social identity.</param>
public sealed record SocialProfile(
    string Id,
    string? Email,
    bool EmailVerified,
    string? Phone,
    string? Name,
    string? Avatar,
    JsonElement RawData);
