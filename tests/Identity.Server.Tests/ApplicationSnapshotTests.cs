using Identity.Core.Data;
using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.EntityFrameworkCore.Models;

namespace Identity.Server.Tests;

/// <summary>
/// The server keeps every application in memory. A change another instance makes (simulated here by writing the
/// database directly, as that instance would: the change and a new stamp in one transaction) is seen by the next
/// once-a-second comparison of the stamp; an unknown client re-reads at once.
/// </summary>
public sealed class ApplicationSnapshotTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    [Fact]
    public async Task AnApplicationDeletedByAnotherInstance_GetsNoTokenAfterTheNextComparison()
    {
        // The web app may not use client credentials: while it exists that is unauthorized_client, once gone invalid_client.
        using var http = server.NewBackChannel();
        Assert.Equal("unauthorized_client", (await ClientCredentialsAsync(http)).Error);

        await AsAnotherInstanceAsync(db => db.Set<OpenIddictEntityFrameworkCoreApplication>().Where(a => a.ClientId == TestApps.TraditionalId).ExecuteDeleteAsync());
        server.Clock.Advance(TimeSpan.FromSeconds(1));

        await WaitForAsync(async () => (await ClientCredentialsAsync(http)).Error == "invalid_client");
    }

    [Fact]
    public async Task AnApplicationCreatedByAnotherInstance_WorksAtOnce()
    {
        using var http = server.NewBackChannel();
        await using (var scope = server.Services.CreateAsyncScope())
        {
            // Created through a second manager's store, bypassing this server's snapshot: only the stamp tells.
            var snapshotBefore = await scope.ServiceProvider.GetRequiredService<Oidc.ApplicationSnapshot>().CurrentAsync(CancellationToken.None);
            Assert.False(snapshotBefore.ByClientId.ContainsKey("late-robot"));
        }
        await AsAnotherInstanceAsync(async db =>
        {
            var template = await db.Set<OpenIddictEntityFrameworkCoreApplication>().AsNoTracking().SingleAsync(a => a.ClientId == TestApps.MachineId);
            db.Add(new OpenIddictEntityFrameworkCoreApplication
            {
                ClientId = "late-robot", ClientSecret = template.ClientSecret, ClientType = template.ClientType,
                ApplicationType = template.ApplicationType, DisplayName = "Late robot", Permissions = template.Permissions,
            });
            return await db.SaveChangesAsync();
        });

        var tokens = await Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials" },
            ("late-robot", TestApps.MachineSecret));

        Assert.True(tokens.IsSuccess, tokens.Raw);
    }

    private static Task<TokenResponse> ClientCredentialsAsync(HttpClient http) =>
        Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials" }, (TestApps.TraditionalId, TestApps.TraditionalSecret));

    // What another instance's change does to the database: the rows and a new stamp, in one transaction.
    private async Task AsAnotherInstanceAsync(Func<IdentityDataContext, Task<int>> change)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        await db.InTransactionAsync(async cancellationToken =>
        {
            await change(db);
            return await db.ChangeStamps.Where(s => s.Name == ChangeStamp.Applications)
                .ExecuteUpdateAsync(set => set.SetProperty(s => s.Stamp, ChangeStamp.NewStamp()), cancellationToken);
        }, CancellationToken.None);
    }

    // The comparison runs on the refresher's own task: wait for it (a few seconds at most).
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail("The change made by another instance was not seen.");
    }
}
