using System.Globalization;
using System.Security.Claims;
using Identity.Core.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Core.Tests.Support;

/// <summary>What a started session must say: whose it is, how they proved it, and when (for max_age and auth_time).</summary>
internal static class SessionAssert
{
    public static void IsFor(ClaimsPrincipal session, UserAccount user, string method, DateTimeOffset at)
    {
        Assert.Equal(user.Id, session.FindFirstValue(Claims.Subject));
        Assert.Equal(method, session.FindFirstValue(SessionClaims.AuthenticationMethod));
        Assert.Equal(at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), session.FindFirstValue(SessionClaims.AuthenticationTime));
    }
}
