using System.Globalization;
using System.Text.Json;
using Identity.Core.Social;
using Identity.Data;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests;

/// <summary><c>/api/users</c>: paging, create, profile, password, lockout and social identities.</summary>
public sealed partial class ManagementApiUsersTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    private static string NewPrefix() => "u" + Guid.NewGuid().ToString("N")[..10];

    private async Task<JsonElement> CreateUserAsync(string username, string? password = Flows.GoodPassword)
    {
        using var http = await server.AdminClientAsync();
        var body = password is null ? $$"""{"username":"{{username}}"}""" : $$"""{"username":"{{username}}","password":"{{password}}"}""";
        return await (await http.PostJsonAsync("/api/users", body)).ExpectAsync(201);
    }

    private async Task<bool> CanSignInAsync(string username, string password)
    {
        using var browser = server.NewBrowser();
        return (await AccountPages.SignInAsync(browser, username, password)).Url.AbsolutePath == "/";
    }

    private Task<int> AddIdentityAsync(string userId, string target, string externalId) => server.WithScopeAsync(async services =>
    {
        var db = services.GetRequiredService<IdentityDataContext>();
        db.SocialIdentities.Add(new SocialIdentity
        {
            UserId = userId, Target = target, ExternalId = externalId, Details = $$"""{"sub":"{{externalId}}","name":"Upstream name"}""",
            CreatedAt = server.Clock.GetUtcNow(), UpdatedAt = server.Clock.GetUtcNow(),
        });
        return await db.SaveChangesAsync();
    });

    [Fact]
    public async Task List_PagesBySearch_WithTheTotalInTheTotalNumberHeader()
    {
        var prefix = NewPrefix();
        foreach (var suffix in new[] { "c", "a", "b" })
        {
            await CreateUserAsync(prefix + suffix, password: null);
        }
        using var http = await server.AdminClientAsync();

        using var first = await http.GetAsync($"/api/users?search={prefix}&page_size=2");
        using var second = await http.GetAsync($"/api/users?search={prefix}&page_size=2&page=2");

        Assert.Equal([prefix + "a", prefix + "b"], (await first.ExpectAsync(200)).EnumerateArray().Select(u => u.Str("username")));
        Assert.Equal([prefix + "c"], (await second.ExpectAsync(200)).EnumerateArray().Select(u => u.Str("username")));
        Assert.Equal("3", Assert.Single(first.Headers.GetValues("Total-Number")));
        Assert.Equal("3", Assert.Single(second.Headers.GetValues("Total-Number")));
    }

    [Fact]
    public async Task List_WithoutPaging_ReturnsTheFirst20()
    {
        var prefix = NewPrefix();
        for (var i = 0; i < 21; i++)
        {
            await CreateUserAsync(prefix + i.ToString("D2", CultureInfo.InvariantCulture), password: null);
        }
        using var http = await server.AdminClientAsync();

        using var response = await http.GetAsync($"/api/users?search={prefix}");

        Assert.Equal(20, (await response.ExpectAsync(200)).GetArrayLength());
        Assert.Equal("21", Assert.Single(response.Headers.GetValues("Total-Number")));
    }

    [Theory]
    [InlineData("page_size=101", "page_size")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page=0", "page")]
    [InlineData("page=two", "page")]
    [InlineData("page_size=-5", "page_size")]
    public async Task List_BadPaging_Is400NamingTheParameter(string query, string field)
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.GetAsync("/api/users?" + query)).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor(field));
    }

    [Fact]
    public async Task Create_Is201_AndNeverShowsThePassword()
    {
        var username = NewPrefix();
        using var http = await server.AdminClientAsync();

        using var response = await http.PostJsonAsync("/api/users",
            $$"""{"username":"{{username}}","password":"{{Flows.GoodPassword}}","name":"Ada","email":"ada@example.test","emailVerified":true}""");

        var user = await response.ExpectAsync(201);
        Assert.Equal($"/api/users/{user.Str("id")}", response.Headers.Location?.OriginalString);
        Assert.Equal(username, user.Str("username"));
        Assert.Equal("ada@example.test", user.Str("email"));
        Assert.True(user.GetProperty("hasPassword").GetBoolean());
        Assert.False(user.TryGetProperty("password", out _));
        Assert.False(user.TryGetProperty("passwordHash", out _));
        Assert.True(await CanSignInAsync(username, Flows.GoodPassword));
    }

    [Theory]
    [InlineData("""{"username":"9lives"}""", "username")]
    [InlineData("""{"password":"correct horse battery staple 42"}""", "username")]
    [InlineData("""{"username":"shorty","password":"short"}""", "password")]
    [InlineData("""{"username":"typed","emailVerified":"yes"}""", "emailVerified")]
    public async Task Create_Invalid_Is400NamingTheField(string body, string field)
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync("/api/users", body)).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor(field));
    }

    [Fact]
    public async Task Create_TakenUsername_Is409NamingTheUsername()
    {
        var username = NewPrefix();
        await CreateUserAsync(username, password: null);
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync("/api/users", $$"""{"username":"{{username.ToUpperInvariant()}}"}""")).ExpectAsync(409);

        Assert.NotEmpty(problem.ErrorsFor("username"));
    }

    [Fact]
    public async Task Get_Existing_ReturnsTheUser()
    {
        var id = (await CreateUserAsync(NewPrefix(), password: null)).Str("id");
        using var http = await server.AdminClientAsync();

        var user = await (await http.GetAsync($"/api/users/{id}")).ExpectAsync(200);

        Assert.Equal(id, user.Str("id"));
        Assert.False(user.GetProperty("hasPassword").GetBoolean());
        Assert.False(user.GetProperty("isLocked").GetBoolean());
    }

    [Fact]
    public async Task Get_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.GetAsync("/api/users/no-such-user")).ExpectAsync(404);

        Assert.Equal("User", problem.Str("resource"));
    }

    [Fact]
    public async Task Patch_ChangesTheProfileFieldsSent()
    {
        var id = (await CreateUserAsync(NewPrefix(), password: null)).Str("id");
        var renamed = NewPrefix();
        using var http = await server.AdminClientAsync();

        var user = await (await http.PatchJsonAsync($"/api/users/{id}", $$"""{"username":"{{renamed}}","name":"Grace","email":"grace@example.test"}""")).ExpectAsync(200);

        Assert.Equal(renamed, user.Str("username"));
        Assert.Equal("Grace", user.Str("name"));
        Assert.Equal("grace@example.test", (await (await http.GetAsync($"/api/users/{id}")).ExpectAsync(200)).Str("email"));
    }

    [Fact]
    public async Task Patch_InvalidUsername_Is400NamingIt()
    {
        var id = (await CreateUserAsync(NewPrefix(), password: null)).Str("id");
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync($"/api/users/{id}", """{"username":"has space"}""")).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor("username"));
    }

    [Fact]
    public async Task Patch_TakenUsername_Is409()
    {
        var taken = NewPrefix();
        await CreateUserAsync(taken, password: null);
        var id = (await CreateUserAsync(NewPrefix(), password: null)).Str("id");
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync($"/api/users/{id}", $$"""{"username":"{{taken}}"}""")).ExpectAsync(409);

        Assert.NotEmpty(problem.ErrorsFor("username"));
    }

    [Fact]
    public async Task Patch_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.PatchJsonAsync("/api/users/no-such-user", """{"name":"X"}""")).ExpectAsync(404);
    }

    [Fact]
    public async Task Delete_RemovesTheUser()
    {
        var username = NewPrefix();
        var id = (await CreateUserAsync(username)).Str("id");
        using var http = await server.AdminClientAsync();

        await (await http.DeleteAsync($"/api/users/{id}")).ExpectAsync(204);

        await (await http.GetAsync($"/api/users/{id}")).ExpectAsync(404);
        Assert.False(await CanSignInAsync(username, Flows.GoodPassword));
    }

    [Fact]
    public async Task Delete_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.DeleteAsync("/api/users/no-such-user")).ExpectAsync(404);
    }

    [Fact]
    public async Task SetPassword_NewPasswordWorks_OldOneDoesNot()
    {
        var username = NewPrefix();
        var id = (await CreateUserAsync(username)).Str("id");
        const string newPassword = "a completely different passphrase 7";
        using var http = await server.AdminClientAsync();

        var user = await (await http.PatchJsonAsync($"/api/users/{id}/password", $$"""{"password":"{{newPassword}}"}""")).ExpectAsync(200);

        Assert.True(user.GetProperty("hasPassword").GetBoolean());
        Assert.True(await CanSignInAsync(username, newPassword));
        Assert.False(await CanSignInAsync(username, Flows.GoodPassword));
    }

    [Theory]
    [InlineData("""{"password":"short"}""")]
    [InlineData("""{"password":"password"}""")]
    [InlineData("""{}""")]
    public async Task SetPassword_Refused_Is400NamingPassword(string body)
    {
        var username = NewPrefix();
        var id = (await CreateUserAsync(username)).Str("id");
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync($"/api/users/{id}/password", body)).ExpectAsync(400);

        Assert.NotEmpty(problem.ErrorsFor("password"));
        Assert.True(await CanSignInAsync(username, Flows.GoodPassword));
    }

    [Fact]
    public async Task SetPassword_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.PatchJsonAsync("/api/users/no-such-user/password", $$"""{"password":"{{Flows.GoodPassword}}"}""")).ExpectAsync(404);
    }

    [Fact]
    public async Task Lock_Until_LocksTheUserOut_UntilUnlocked()
    {
        var username = NewPrefix();
        var id = (await CreateUserAsync(username)).Str("id");
        var until = server.Clock.GetUtcNow().AddDays(1);
        using var http = await server.AdminClientAsync();

        var locked = await (await http.PostJsonAsync($"/api/users/{id}/lock", $$"""{"until":"{{until:O}}"}""")).ExpectAsync(200);

        Assert.True(locked.GetProperty("isLocked").GetBoolean());
        Assert.Equal(until, locked.GetProperty("lockedUntil").GetDateTimeOffset());
        Assert.False(await CanSignInAsync(username, Flows.GoodPassword));
        var unlocked = await (await http.DeleteAsync($"/api/users/{id}/lock")).ExpectAsync(200);
        Assert.False(unlocked.GetProperty("isLocked").GetBoolean());
        Assert.True(await CanSignInAsync(username, Flows.GoodPassword));
    }

    [Fact]
    public async Task Lock_WithoutBody_LocksForGood()
    {
        var id = (await CreateUserAsync(NewPrefix(), password: null)).Str("id");
        using var http = await server.AdminClientAsync();

        var locked = await (await http.SendAsync(HttpMethod.Post, $"/api/users/{id}/lock")).ExpectAsync(200);

        Assert.True(locked.GetProperty("isLocked").GetBoolean());
        Assert.True(locked.GetProperty("lockedUntil").GetDateTimeOffset() > server.Clock.GetUtcNow().AddYears(100));
    }

    [Fact]
    public async Task Lock_UntilNotADate_Is400NamingUntil()
    {
        var id = (await CreateUserAsync(NewPrefix(), password: null)).Str("id");
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync($"/api/users/{id}/lock", """{"until":"next tuesday"}""")).ExpectAsync(400);

        Assert.Contains("date", problem.ErrorsFor("until")[0], StringComparison.Ordinal);
        Assert.False((await (await http.GetAsync($"/api/users/{id}")).ExpectAsync(200)).GetProperty("isLocked").GetBoolean());
    }

    [Fact]
    public async Task Lock_UntilInThePast_Is400NamingUntil()
    {
        var id = (await CreateUserAsync(NewPrefix(), password: null)).Str("id");
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PostJsonAsync($"/api/users/{id}/lock",
            $$"""{"until":"{{server.Clock.GetUtcNow().AddMinutes(-1):O}}"}""")).ExpectAsync(400);

        Assert.Contains("future", problem.ErrorsFor("until")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lock_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.SendAsync(HttpMethod.Post, "/api/users/no-such-user/lock")).ExpectAsync(404);
    }

    [Fact]
    public async Task Unlock_UnknownId_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.DeleteAsync("/api/users/no-such-user/lock")).ExpectAsync(404);
    }

    [Fact]
    public async Task Identities_ListTheUsersSocialAccounts()
    {
        var id = (await CreateUserAsync(NewPrefix(), password: null)).Str("id");
        await AddIdentityAsync(id, "github", "583231");
        await AddIdentityAsync(id, "acme", "acme-user-1");
        using var http = await server.AdminClientAsync();

        var identities = await (await http.GetAsync($"/api/users/{id}/identities")).ExpectAsync(200);

        Assert.Equal(["acme", "github"], identities.EnumerateArray().Select(i => i.Str("target")));
        Assert.Equal("583231", identities[1].Str("userId"));
        Assert.Equal("Upstream name", identities[1].GetProperty("details").Str("name"));
    }

    [Fact]
    public async Task Identities_UnknownUser_Is404()
    {
        using var http = await server.AdminClientAsync();

        await (await http.GetAsync("/api/users/no-such-user/identities")).ExpectAsync(404);
    }

    [Fact]
    public async Task DeleteIdentity_UnlinksOnlyThatTarget()
    {
        var id = (await CreateUserAsync(NewPrefix(), password: null)).Str("id");
        await AddIdentityAsync(id, "github", Guid.NewGuid().ToString("N"));
        await AddIdentityAsync(id, "acme", Guid.NewGuid().ToString("N"));
        using var http = await server.AdminClientAsync();

        await (await http.DeleteAsync($"/api/users/{id}/identities/github")).ExpectAsync(204);

        var remaining = await (await http.GetAsync($"/api/users/{id}/identities")).ExpectAsync(200);
        Assert.Equal(["acme"], remaining.EnumerateArray().Select(i => i.Str("target")));
    }

    [Fact]
    public async Task DeleteIdentity_UnknownTarget_Is404NamingIt()
    {
        var id = (await CreateUserAsync(NewPrefix(), password: null)).Str("id");
        using var http = await server.AdminClientAsync();

        var problem = await (await http.DeleteAsync($"/api/users/{id}/identities/gitlab")).ExpectAsync(404);

        Assert.Equal("gitlab", problem.Str("id"));
    }

    [Fact]
    public async Task DeleteIdentity_UnknownUser_Is404()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.DeleteAsync("/api/users/no-such-user/identities/acme")).ExpectAsync(404);

        Assert.Equal("User", problem.Str("resource"));
    }
}
