using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Identity.AdminConsole.Access;

/// <summary>
/// Showing or rotating a secret needs a recent password entry (<see cref="ConsoleOptions.RecentSignIn"/>), not just a
/// live console session: a session left open on an unattended screen must not hand out secrets. An older sign-in is
/// sent back to this server's sign-in with <c>max_age</c>, which asks for the password again and then returns.
/// </summary>
/// <remarks>Usage in a page handler: <c>if (recentSignIn.Demand(User, "/console/...") is { } challenge) return challenge;</c></remarks>
public sealed class RecentSignIn(IOptions<ConsoleOptions> options, TimeProvider clock)
{
    /// <summary>Whether the person entered their password within the configured window.</summary>
    public bool Holds(ClaimsPrincipal person) =>
        ConsolePerson.SignedInAt(person) is { } at && clock.GetUtcNow() - at <= options.Value.RecentSignIn;

    /// <summary>
    /// Null when the sign-in is recent; otherwise the challenge that asks for the password again and then returns to
    /// <paramref name="returnTo"/> (a console path, visited with GET: the person repeats the action there).
    /// </summary>
    public ChallengeResult? Demand(ClaimsPrincipal person, string returnTo)
    {
        if (Holds(person))
        {
            return null;
        }
        if (!returnTo.StartsWith(ConsoleRegistration.PathPrefix + "/", StringComparison.Ordinal) || returnTo.StartsWith("//", StringComparison.Ordinal))
        {
            throw new ArgumentException("Return to a console path.", nameof(returnTo));
        }
        var properties = new OpenIdConnectChallengeProperties { MaxAge = options.Value.RecentSignIn, RedirectUri = returnTo };
        return new ChallengeResult(ConsoleSchemes.OpenIdConnect, properties);
    }
}
