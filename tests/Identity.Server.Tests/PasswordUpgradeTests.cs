using Identity.Core.Accounts;
using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary>Passwords are stored as Argon2id; older PBKDF2 hashes keep working and are upgraded at the next sign-in.</summary>
public sealed class PasswordUpgradeTests(IdentityServerFactory server) : IClassFixture<IdentityServerFactory>
{
    private async Task<string?> StoredHashAsync(string username)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var data = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        return await data.Users.AsNoTracking().Where(u => u.UserName == username).Select(u => u.PasswordHash).SingleAsync();
    }

    // Stores what ASP.NET Core Identity's own hasher (format V3, PBKDF2) made, as an older installation would have.
    private async Task StoreIdentityV3HashAsync(string username, string password)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var data = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
        var user = await data.Users.SingleAsync(u => u.UserName == username);
        user.PasswordHash = new PasswordHasher<UserAccount>().HashPassword(user, password);
        await data.SaveChangesAsync();
    }

    [Fact]
    public async Task Register_StoresAnArgon2idHash()
    {
        var username = await AccountPages.CreateUserAsync(server);

        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", await StoredHashAsync(username), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WithIdentityV3Hash_SucceedsAndUpgradesToArgon2id()
    {
        var username = await AccountPages.CreateUserAsync(server);
        await StoreIdentityV3HashAsync(username, Flows.GoodPassword);
        var legacy = await StoredHashAsync(username);
        Assert.Equal(0x01, Convert.FromBase64String(legacy!)[0]);

        using (var browser = server.NewBrowser())
        {
            var first = await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);
            Assert.Equal("/", first.Url.AbsolutePath);
        }

        var upgraded = await StoredHashAsync(username);
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", upgraded, StringComparison.Ordinal);

        using (var browser = server.NewBrowser())
        {
            var again = await AccountPages.SignInAsync(browser, username, Flows.GoodPassword);
            Assert.Equal("/", again.Url.AbsolutePath);
        }

        Assert.Equal(upgraded, await StoredHashAsync(username));
    }

    [Fact]
    public async Task SignIn_WithIdentityV3HashAndWrongPassword_FailsAndKeepsTheHash()
    {
        var username = await AccountPages.CreateUserAsync(server);
        await StoreIdentityV3HashAsync(username, Flows.GoodPassword);
        var legacy = await StoredHashAsync(username);
        using var browser = server.NewBrowser();

        var page = await AccountPages.SignInAsync(browser, username, Flows.GoodPassword + " ");

        Assert.Equal("The username or password is incorrect.", page.Alert);
        Assert.Equal(legacy, await StoredHashAsync(username));
    }
}
