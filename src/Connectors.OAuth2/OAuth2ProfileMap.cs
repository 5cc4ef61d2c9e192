namespace Connectors.OAuth2;

/// <summary>
/// Where each profile field is read in the user info JSON (<c>profileMap</c>): a dot-separated path such as
/// <c>sub</c>, <c>data.id</c> or <c>items.0.id</c> (a numeric segment indexes an array).
/// </summary>
/// <param name="Id">The path of the user's id; must resolve to a string or an integer.</param>
/// <param name="Email">The path of the email address.</param>
/// <param name="Phone">The path of the phone number.</param>
/// <param name="Name">The path of the display name.</param>
/// <param name="Avatar">The path of the avatar URL.</param>
public sealed record OAuth2ProfileMap(
    string Id = "id",
    string Email = "email",
    string Phone = "phone",
    string Name = "name",
    string Avatar = "avatar")
{
    /// <summary>Logto's defaults: each field is read from the key of its own name.</summary>
    public static OAuth2ProfileMap Default { get; } = new();
}
