using Identity.Core.SignInExperience;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>
/// The sign-in experience is read from the database once per request (the page's language, its model and its layout
/// all ask), and afresh by every new request, so a change shows at the next request on every instance.
/// </summary>
public sealed class SignInExperienceReadTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    [Fact]
    public async Task WithinOneRequest_TheFirstReadIsKept_WhileTheNextRequestSeesAChangeAtOnce()
    {
        await using var request = server.Services.CreateAsyncScope();
        var store = request.ServiceProvider.GetRequiredService<SignInExperienceStore>();
        var before = await store.GetAsync();

        var renamed = before with { Branding = before.Branding with { AppName = "Renamed " + Guid.NewGuid().ToString("N")[..6] } };
        await using (var admin = server.Services.CreateAsyncScope())
        {
            Assert.True(await admin.ServiceProvider.GetRequiredService<SignInExperienceStore>().SaveAsync(renamed));
        }

        Assert.Same(before, await store.GetAsync());
        await using (var next = server.Services.CreateAsyncScope())
        {
            Assert.Equal(renamed.Branding.AppName, (await next.ServiceProvider.GetRequiredService<SignInExperienceStore>().GetAsync()).Branding.AppName);
        }

        // A request that saves reads its own change back.
        Assert.True(await store.SaveAsync(before));
        Assert.Equal(before.Branding.AppName, (await store.GetAsync()).Branding.AppName);
    }
}
