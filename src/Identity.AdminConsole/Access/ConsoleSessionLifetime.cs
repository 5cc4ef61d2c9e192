using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.AdminConsole.Access;

/// <summary>Ends a console session its lifetime after the sign-in, however active it is (the sliding idle timeout alone never would).</summary>
internal static class ConsoleSessionLifetime
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context, TimeSpan lifetime)
    {
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var started = context.Properties.Items.TryGetValue(ConsoleAuthentication.StartedItem, out var value) &&
            DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : (DateTimeOffset?)null;
        if (started is null || now - started.Value > lifetime)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleSchemes.Cookie);
        }
    }
}
