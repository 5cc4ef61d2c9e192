using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Identity.Server.Security;

/// <summary>
/// The sign-in session's two limits (OWASP ASVS 7.3.1, 7.3.2): an idle timeout, which the cookie handler's sliding
/// expiration enforces, and an absolute lifetime from sign-in, which this class enforces. The start of the session is
/// kept in the ticket's properties because the ticket's IssuedUtc moves forward at every sliding renewal.
/// </summary>
public sealed class SessionLifetime(SessionLifetimeOptions options, TimeProvider clock)
{
    private const string StartedItem = ".session-started";

    public SessionLifetimeOptions Options => options;

    /// <summary>Records when the session began, at sign-in (a renewed or re-issued ticket keeps the first value).</summary>
    public void MarkStarted(AuthenticationProperties properties)
    {
        if (!properties.Items.ContainsKey(StartedItem))
        {
            var started = properties.IssuedUtc ?? clock.GetUtcNow();
            properties.Items[StartedItem] = started.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>When the session ends however active it is, or null for a ticket without a recorded start.</summary>
    public DateTimeOffset? AbsoluteExpiry(AuthenticationProperties properties) =>
        properties.Items.TryGetValue(StartedItem, out var value) &&
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var started)
            ? DateTimeOffset.FromUnixTimeMilliseconds(started) + options.AbsoluteLifetime
            : null;

    /// <summary>The earlier of the ticket's (idle) expiry and the absolute one: the database row must not outlive either.</summary>
    public DateTimeOffset? Expiry(AuthenticationProperties properties) =>
        (properties.ExpiresUtc, AbsoluteExpiry(properties)) switch
        {
            ({ } idle, { } absolute) => idle < absolute ? idle : absolute,
            (var idle, var absolute) => idle ?? absolute,
        };

    /// <summary>
    /// Ends a session past its absolute lifetime, then hands over to the validation already configured (Identity's
    /// security stamp check).
    /// </summary>
    public async Task ValidateAsync(CookieValidatePrincipalContext context, Func<CookieValidatePrincipalContext, Task> next)
    {
        if (AbsoluteExpiry(context.Properties) is null)
        {
            // A session from before these limits: its lifetime counts from now on (the last renewal), not from never.
            MarkStarted(context.Properties);
            context.ShouldRenew = true;
        }

        if (clock.GetUtcNow() >= AbsoluteExpiry(context.Properties))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
            return;
        }
        await next(context);
    }
}
