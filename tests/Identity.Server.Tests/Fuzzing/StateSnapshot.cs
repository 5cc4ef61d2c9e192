using System.Text.Json;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace Identity.Server.Tests.Fuzzing;

/// <summary>What a refused request must leave untouched: row counts, and the sign-in experience as stored.</summary>
public sealed record StateSnapshot(long Users, long Applications, long Tokens, long Authorizations, long Connectors, long SocialIdentities,
    long Sessions, string SignInExperience)
{
    public static async Task<StateSnapshot> TakeAsync(IServiceProvider root)
    {
        await using var scope = root.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var data = services.GetRequiredService<IdentityDataContext>();
        var experiences = await data.SignInExperiences.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
        return new(
            await data.Users.LongCountAsync(),
            await services.GetRequiredService<IOpenIddictApplicationManager>().CountAsync(),
            await services.GetRequiredService<IOpenIddictTokenManager>().CountAsync(),
            await services.GetRequiredService<IOpenIddictAuthorizationManager>().CountAsync(),
            await data.Connectors.LongCountAsync(),
            await data.SocialIdentities.LongCountAsync(),
            await data.Sessions.LongCountAsync(),
            JsonSerializer.Serialize(experiences));
    }
}
