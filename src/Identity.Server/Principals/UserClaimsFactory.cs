using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using Identity.Core.Accounts;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Principals;

/// <summary>
/// The one place that turns a user and the granted scopes into claims, for the authorization endpoint, every token
/// grant and userinfo alike. Claims per scope are Logto's: <c>profile</c> → name, picture, username, created_at,
/// updated_at; <c>email</c> → email, email_verified; <c>phone</c> → phone_number, phone_number_verified.
/// </summary>
public static class UserClaimsFactory
{
    /// <summary>A private claim holding ASP.NET Core Identity's security stamp at the time of the grant.</summary>
    public const string SecurityStampClaim = "identity_security_stamp";

    /// <summary>Builds the identity OpenIddict signs into tokens, with each claim's destinations set.</summary>
    public static ClaimsIdentity CreateIdentity(UserAccount user, ImmutableArray<string> scopes, string? authTime, string? securityStamp)
    {
        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        // Absent values are left out of tokens (the SDKs read a missing claim as null); userinfo returns them as null.
        foreach (var (type, value) in GetUserClaims(user, scopes))
        {
            if (value is not null)
            {
                identity.AddClaim(ToClaim(type, value));
            }
        }

        if (!string.IsNullOrEmpty(authTime))
        {
            identity.AddClaim(new Claim(Claims.AuthenticationTime, authTime, ClaimValueTypes.Integer64));
        }

        // Kept inside the code and refresh token only (it has no destination): a password change ends the grant.
        if (!string.IsNullOrEmpty(securityStamp))
        {
            identity.AddClaim(new Claim(SecurityStampClaim, securityStamp));
        }

        identity.SetScopes(scopes);
        identity.SetDestinations(ClaimDestinations.For);
        return identity;
    }

    /// <summary>The user's claims the granted scopes allow, as JSON-ready values (what userinfo returns).</summary>
    public static IEnumerable<(string Type, object? Value)> GetUserClaims(UserAccount user, IReadOnlyCollection<string> scopes)
    {
        yield return (Claims.Subject, user.Id);

        if (scopes.Contains(Scopes.Profile))
        {
            yield return (Claims.Name, user.Name);
            yield return (Claims.Picture, user.Picture);
            yield return (LogtoClaims.Username, user.UserName);
            yield return (LogtoClaims.CreatedAt, user.CreatedAt.ToUnixTimeMilliseconds());
            yield return (LogtoClaims.UpdatedAt, user.UpdatedAt.ToUnixTimeMilliseconds());
        }

        if (scopes.Contains(Scopes.Email))
        {
            yield return (Claims.Email, user.Email);
            yield return (Claims.EmailVerified, user.EmailConfirmed);
        }

        if (scopes.Contains(Scopes.Phone))
        {
            yield return (Claims.PhoneNumber, user.PhoneNumber);
            yield return (Claims.PhoneNumberVerified, user.PhoneNumberConfirmed);
        }
    }

    private static Claim ToClaim(string type, object value) => value switch
    {
        bool flag => new Claim(type, flag ? "true" : "false", ClaimValueTypes.Boolean),
        long number => new Claim(type, number.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
        _ => new Claim(type, Convert.ToString(value, CultureInfo.InvariantCulture)!),
    };
}

/// <summary>Claim names Logto issues beyond the OpenID Connect standard set.</summary>
public static class LogtoClaims
{
    public const string Username = "username";
    public const string CreatedAt = "created_at";
    public const string UpdatedAt = "updated_at";
}
