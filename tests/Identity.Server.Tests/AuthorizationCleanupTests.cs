using Identity.Server.Operations;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Tests;

/// <summary>A server whose cleanup keeps redeemed and revoked rows for ten minutes only, less than an access token lives.</summary>
public sealed class ShortLifespanCleanupServerFactory : IdentityServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Cleanup:MinimumLifespan", "00:10:00")];
}

/// <summary>
/// Access tokens have no rows, so an authorization whose code is redeemed and gone looks unused to OpenIddict's pruning.
/// The cleanup keeps it as long as an access token issued from it may be valid (an hour), even when the minimum
/// lifespan is shorter: pruning it would end those tokens early.
/// </summary>
public sealed class AuthorizationCleanupTests(ShortLifespanCleanupServerFactory server) : IClassFixture<ShortLifespanCleanupServerFactory>
{
    [Fact]
    public async Task RunOnce_KeepsAnUnusedAuthorization_WhileAnAccessTokenIssuedFromItMayBeValid()
    {
        var now = server.Clock.GetUtcNow();
        var halfAnHourOld = await CreateAdHocAuthorizationAsync(now.AddMinutes(-30));
        var twoHoursOld = await CreateAdHocAuthorizationAsync(now.AddHours(-2));

        await server.Services.GetRequiredService<TokenCleanup>().RunOnceAsync();

        Assert.True(await ExistsAsync(halfAnHourOld));
        Assert.False(await ExistsAsync(twoHoursOld));
    }

    private async Task<string> CreateAdHocAuthorizationAsync(DateTimeOffset created)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var authorization = await authorizations.CreateAsync(new OpenIddictAuthorizationDescriptor
        {
            CreationDate = created, Status = Statuses.Valid, Subject = "cleanup-test", Type = AuthorizationTypes.AdHoc,
        });
        return (await authorizations.GetIdAsync(authorization))!;
    }

    private async Task<bool> ExistsAsync(string id)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>().FindByIdAsync(id) is not null;
    }
}
