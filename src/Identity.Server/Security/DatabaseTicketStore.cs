using System.Security.Claims;
using System.Security.Cryptography;
using Identity.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Identity.Server.Security;

/// <summary>
/// Server-side sessions for the sign-in cookie (OWASP ASVS 7.4.1): the ticket lives in the database and the cookie
/// holds a random key. Sign-out removes the row, so a copied cookie no longer signs anyone in; a new sign-in gets a new
/// key. (ASP.NET Core's default cookie carries the whole ticket and stays valid after sign-out.)
/// </summary>
public sealed class DatabaseTicketStore(
    IServiceScopeFactory scopes, IDataProtectionProvider dataProtection, SessionLifetime lifetime, TimeProvider clock) : ITicketStore
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Identity.Server.Sessions.v1");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();

        // Sessions that ran out without a sign-out are refused when read (RetrieveAsync) and swept by the background
        // cleanup (Operations/TokenCleanup), not here: a sweep per sign-in was one more write transaction on the path.

        db.Sessions.Add(ToRecord(key, ticket));
        await db.SaveChangesAsync();
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        var record = ToRecord(key, ticket);
        await db.Sessions.Where(s => s.Id == key).ExecuteUpdateAsync(update => update
            .SetProperty(s => s.ProtectedTicket, record.ProtectedTicket)
            .SetProperty(s => s.ExpiresAt, record.ExpiresAt));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        var record = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == key);
        if (record is null || record.ExpiresAt <= clock.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(Convert.FromBase64String(record.ProtectedTicket)));
        }
        catch (CryptographicException)
        {
            // A ticket protected with a key the ring no longer has: the session is over.
            return null;
        }
    }

    public async Task RemoveAsync(string key)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        await db.Sessions.Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    private SessionRecord ToRecord(string key, AuthenticationTicket ticket) => new()
    {
        Id = key,
        ProtectedTicket = Convert.ToBase64String(_protector.Protect(TicketSerializer.Default.Serialize(ticket))),
        UserId = ticket.Principal.FindFirstValue(OpenIddict.Abstractions.OpenIddictConstants.Claims.Subject),
        // The row ends with the session: at the idle expiry or the absolute one, whichever comes first.
        ExpiresAt = (lifetime.Expiry(ticket.Properties) ?? clock.GetUtcNow() + lifetime.Options.AbsoluteLifetime).ToUnixTimeMilliseconds(),
    };
}
