using System.Net;
using Identity.Admin;
using Identity.Admin.Access;
using Identity.Admin.Definitions;
using Identity.AdminConsole;
using Identity.Core.Audit;
using Identity.Core.Social;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Identity.Server.Tests.Console;

/// <summary>The users pages: finding, creating and managing users, and what the person may not do to themselves.</summary>
public sealed class UsersPagesTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    private const string WeakPassword = "abc";

    [Fact]
    public async Task Users_SearchByPartOfTheUsernameInAnyCase_FindsTheUser()
    {
        var username = await CreateUserAsync();
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync("/console/users?q=" + username[5..13].ToUpperInvariant());

        var rows = page.Document.QuerySelectorAll("tbody tr");
        Assert.Equal(username, Assert.Single(rows).QuerySelector("th a")!.TextContent);
    }

    [Fact]
    public async Task Users_MoreThanAPage_PagesWithLinks()
    {
        var prefix = "pg" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 21; i++)
        {
            await CreateUserAsync($"{prefix}_{i:D2}");
        }
        using var browser = await server.SignedInAsync();

        var first = await browser.GoAsync("/console/users?q=" + prefix);
        var next = first.Document.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await browser.GoAsync(next);

        Assert.Equal(20, first.Document.QuerySelectorAll("tbody tr").Length);
        Assert.Equal($"{prefix}_20", Assert.Single(second.Document.QuerySelectorAll("tbody tr")).QuerySelector("th a")!.TextContent);
        Assert.NotNull(second.Document.QuerySelector("a[rel=prev]"));
    }

    [Fact]
    public async Task NewUser_WithTheConsolePermission_CanSignInToTheConsole()
    {
        var username = Flows.NewUsername();
        using var browser = await server.SignedInAsync();
        var form = await browser.GoAsync("/console/users/new");

        var created = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Username"] = username, ["Name"] = "Ada", ["Email"] = "ada@example.com", ["Password"] = ConsoleServer.Password, ["ConsolePermission"] = "true",
        });

        Assert.Equal(username, created.Heading);
        Assert.Equal("status", created.Document.QuerySelector(".alert.ok")!.GetAttribute("role"));
        using var newcomer = await server.SignedInAsync(username, ConsoleServer.Password);
        Assert.Equal(HttpStatusCode.OK, (await newcomer.GoAsync("/console/users")).Status);
        Assert.Equal($"console:{ConsoleServer.AdminUsername}", (await LastEntryAsync(AuditEventTypes.UserCreated, await IdOfAsync(username))).Actor);
    }

    [Fact]
    public async Task NewUser_WeakPassword_FieldErrorNextToItAndNothingCreated()
    {
        var username = Flows.NewUsername();
        using var browser = await server.SignedInAsync();
        var form = await browser.GoAsync("/console/users/new");

        var page = await browser.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = WeakPassword, ["ConsolePermission"] = "true",
        });

        Assert.Equal("/console/users/new", page.Url.AbsolutePath);
        Assert.False(string.IsNullOrEmpty(page.FieldError("password")));
        Assert.Equal("true", page.Document.QuerySelector("#password")!.GetAttribute("aria-invalid"));
        Assert.Equal(username, page.InputValue("username"));
        Assert.Null(await IdOrNullAsync(username));
    }

    [Fact]
    public async Task UserDetails_Lock_UserCannotSignInAndUnlockRestores()
    {
        var username = await CreateUserAsync(admin: true);
        var id = await IdOfAsync(username);
        using var browser = await server.SignedInAsync();

        var locked = await browser.SubmitAsync(await browser.GoAsync($"/console/users/{id}"), new Dictionary<string, string>(), formAction: "?handler=lock");
        Assert.Contains("Locked indefinitely", locked.Document.QuerySelector("#user-status")!.TextContent);
        Assert.Equal("/sign-in", (await SignInAtHostedPageAsync(username)).Url.AbsolutePath);

        var unlocked = await browser.SubmitAsync(locked, new Dictionary<string, string>(), formAction: "?handler=unlock");
        Assert.Contains("Active", unlocked.Document.QuerySelector("#user-status")!.TextContent);
        Assert.Equal("/console", (await SignInAtHostedPageAsync(username)).Url.AbsolutePath);
    }

    [Fact]
    public async Task UserDetails_LockUntilATime_ShowsTheTimeAndTheUserCannotSignIn()
    {
        var username = await CreateUserAsync(admin: true);
        var until = server.Clock.GetUtcNow().AddDays(2);
        using var browser = await server.SignedInAsync();

        var locked = await browser.SubmitAsync(await browser.GoAsync($"/console/users/{await IdOfAsync(username)}"),
            new Dictionary<string, string> { ["LockUntil"] = ConsoleTime.Input(until) }, formAction: "?handler=lock");

        Assert.Contains("Locked until " + ConsoleTime.Iso(until)[..16], locked.Document.QuerySelector("#user-status")!.TextContent);
        Assert.Equal("/sign-in", (await SignInAtHostedPageAsync(username)).Url.AbsolutePath);
    }

    [Fact]
    public async Task UserDetails_LockUntilAPastTime_FieldErrorNextToIt()
    {
        var id = await IdOfAsync(await CreateUserAsync());
        using var browser = await server.SignedInAsync();

        var page = await browser.SubmitAsync(await browser.GoAsync($"/console/users/{id}"),
            new Dictionary<string, string> { ["LockUntil"] = "2001-01-01T00:00" }, formAction: "?handler=lock");

        Assert.False(string.IsNullOrEmpty(page.FieldError("until")));
        Assert.Contains("Active", page.Document.QuerySelector("#user-status")!.TextContent);
    }

    [Fact]
    public async Task UserDetails_SetPassword_TheNewOneWorks()
    {
        var username = await CreateUserAsync(admin: true);
        const string newPassword = "a brand new passphrase 77";
        using var browser = await server.SignedInAsync();

        var page = await browser.SubmitAsync(await browser.GoAsync($"/console/users/{await IdOfAsync(username)}"),
            new Dictionary<string, string> { ["newPassword"] = newPassword }, formAction: "?handler=password");

        Assert.NotNull(page.Document.QuerySelector(".alert.ok"));
        using var user = await server.SignedInAsync(username, newPassword);
    }

    [Fact]
    public async Task UserDetails_WeakPassword_FieldErrorNextToItAndTheOldOneStillWorks()
    {
        var username = await CreateUserAsync(admin: true);
        using var browser = await server.SignedInAsync();

        var page = await browser.SubmitAsync(await browser.GoAsync($"/console/users/{await IdOfAsync(username)}"),
            new Dictionary<string, string> { ["newPassword"] = WeakPassword }, formAction: "?handler=password");

        Assert.False(string.IsNullOrEmpty(page.FieldError("newPassword")));
        using var user = await server.SignedInAsync(username, ConsoleServer.Password);
    }

    [Fact]
    public async Task UserDetails_RevokeGrants_AuditedWithThePersonAsActor()
    {
        var id = await IdOfAsync(await CreateUserAsync());
        using var browser = await server.SignedInAsync();

        var page = await browser.SubmitAsync(await browser.GoAsync($"/console/users/{id}"), new Dictionary<string, string>(), formAction: "?handler=revokeGrants");

        Assert.NotNull(page.Document.QuerySelector(".alert.ok"));
        Assert.Equal($"console:{ConsoleServer.AdminUsername}", (await LastEntryAsync(AuditEventTypes.UserGrantsRevoked, id)).Actor);
    }

    [Fact]
    public async Task UserDetails_Sessions_ShownAndEnded()
    {
        var username = await CreateUserAsync(admin: true);
        var id = await IdOfAsync(username);
        Assert.Equal("/console", (await SignInAtHostedPageAsync(username)).Url.AbsolutePath);
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync($"/console/users/{id}");
        Assert.Contains("1", page.Document.QuerySelector("#session-count")!.TextContent);
        var ended = await browser.SubmitAsync(page, new Dictionary<string, string>(), formAction: "?handler=endSessions");

        Assert.Contains("No active", ended.Document.QuerySelector("#session-count")!.TextContent);
        Assert.Equal($"console:{ConsoleServer.AdminUsername}", (await LastEntryAsync(AuditEventTypes.UserSessionsEnded, id)).Actor);
    }

    [Fact]
    public async Task UserDetails_AddAndRemoveARole_TheUserHoldsItThenNot()
    {
        var id = await IdOfAsync(await CreateUserAsync());
        using var browser = await server.SignedInAsync();
        var page = await browser.GoAsync($"/console/users/{id}");
        var adminRole = page.Document.QuerySelector($"#roleId option")!;
        Assert.Equal(ConsoleAdmins.RoleName, adminRole.TextContent);

        await PostAsync(browser, page, $"/console/users/{id}?handler=addRole", ("roleId", adminRole.GetAttribute("value")!));
        var added = await browser.GoAsync($"/console/users/{id}");
        Assert.Contains(ConsoleAdmins.RoleName, added.Document.QuerySelector(".user-list")!.TextContent);
        Assert.True(await IsAdminAsync(id));

        var action = added.Document.QuerySelector("form[action^='?handler=removeRole']")!.GetAttribute("action")!;
        var removed = await browser.SubmitAsync(added, new Dictionary<string, string>(), formAction: action);
        Assert.NotNull(removed.Document.QuerySelector(".alert.ok"));
        Assert.False(await IsAdminAsync(id));
    }

    [Fact]
    public async Task UserDetails_LockOrRemoveOwnPermission_RefusedAndNothingChanged()
    {
        await CreateUserAsync(admin: true); // someone else holds the permission: only the self rule can refuse
        var rootId = await IdOfAsync(ConsoleServer.AdminUsername);
        using var browser = await server.SignedInAsync();
        var page = await browser.GoAsync($"/console/users/{rootId}");
        Assert.Null(page.Document.QuerySelector("form[action='?handler=lock']"));

        var refusedLock = await PostAsync(browser, page, $"/console/users/{rootId}?handler=lock");
        var action = page.Document.QuerySelector("form[action^='?handler=removeRole']")!.GetAttribute("action")!;
        var refusedRemove = await browser.SubmitAsync(page, new Dictionary<string, string>(), formAction: action);

        Assert.Contains("You cannot lock your own account: you would be locked out", refusedLock);
        Assert.Contains("your own console permission", refusedRemove.Alert);
        Assert.True(await IsAdminAsync(rootId));
        Assert.Contains("Active", refusedRemove.Document.QuerySelector("#user-status")!.TextContent);
    }

    [Fact]
    public async Task DeleteUser_Self_RefusedAndNothingDeleted()
    {
        var rootId = await IdOfAsync(ConsoleServer.AdminUsername);
        using var browser = await server.SignedInAsync();

        var page = await browser.GoAsync($"/console/users/{rootId}/delete");
        var posted = await PostAsync(browser, page, $"/console/users/{rootId}/delete");

        Assert.Contains("your own account", page.Alert);
        Assert.Null(page.Document.QuerySelector("main form"));
        Assert.Contains("You cannot delete your own account: you would be locked out", posted);
        Assert.NotNull(await IdOrNullAsync(ConsoleServer.AdminUsername));
    }

    [Fact]
    public async Task DeleteUser_Confirmed_TheUserIsGone()
    {
        var username = await CreateUserAsync();
        var id = await IdOfAsync(username);
        using var browser = await server.SignedInAsync();
        var details = await browser.GoAsync($"/console/users/{id}");
        var confirm = await browser.GoAsync(details.Document.QuerySelector("a.button.danger")!.GetAttribute("href")!);

        var done = await browser.SubmitAsync(confirm, new Dictionary<string, string>());

        Assert.Equal("/console/users", done.Url.AbsolutePath);
        Assert.NotNull(done.Document.QuerySelector(".alert.ok"));
        Assert.Null(await IdOrNullAsync(username));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GoAsync($"/console/users/{id}")).Status);
    }

    [Fact]
    public async Task RemoveIdentity_Confirmed_TheIdentityIsUnlinked()
    {
        var id = await IdOfAsync(await CreateUserAsync());
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<IdentityDataContext>();
            db.SocialIdentities.Add(new SocialIdentity { UserId = id, Target = "github", ExternalId = "12345", Details = "{}", CreatedAt = server.Clock.GetUtcNow(), UpdatedAt = server.Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        using var browser = await server.SignedInAsync();
        var details = await browser.GoAsync($"/console/users/{id}");
        Assert.Contains("12345", details.Html);

        var confirm = await browser.GoAsync($"/console/users/{id}/identities/github/remove");
        var done = await browser.SubmitAsync(confirm, new Dictionary<string, string>());

        Assert.Equal($"/console/users/{id}", done.Url.AbsolutePath);
        Assert.DoesNotContain("12345", done.Html);
        Assert.Equal($"console:{ConsoleServer.AdminUsername}", (await LastEntryAsync(AuditEventTypes.UserIdentityDeleted, id)).Actor);
    }

    [Theory]
    [InlineData("/console/users/no-such-user")]
    [InlineData("/console/users/no-such-user/delete")]
    [InlineData("/console/users/no-such-user/identities/github/remove")]
    public async Task UserPages_UnknownId_Are404(string path)
    {
        using var browser = await server.SignedInAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await browser.GoAsync(path)).Status);
    }

    [Fact]
    public async Task UserDetails_SeedUser_MarkedManagedBySeedFile()
    {
        using var browser = await server.SignedInAsync();

        var seeded = await browser.GoAsync($"/console/users/{await IdOfAsync(ConsoleServer.PlainUsername)}");
        var other = await browser.GoAsync($"/console/users/{await IdOfAsync(await CreateUserAsync())}");

        Assert.NotNull(seeded.Document.QuerySelector(".alert.seed"));
        Assert.Null(other.Document.QuerySelector(".alert.seed"));
    }

    private async Task<string> CreateUserAsync(string? username = null, bool admin = false)
    {
        username ??= Flows.NewUsername();
        await using var scope = server.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserAdmin>()
            .CreateAsync(new UserDefinition { Username = username, Password = admin ? ConsoleServer.Password : null }, default);
        if (admin)
        {
            await scope.ServiceProvider.GetRequiredService<ConsoleAdmins>().GrantAsync(user.Id, default);
        }
        return username;
    }

    private async Task<string?> IdOrNullAsync(string username)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var normalized = username.ToUpperInvariant();
        return await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().Users
            .Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).SingleOrDefaultAsync();
    }

    private async Task<string> IdOfAsync(string username) => await IdOrNullAsync(username) ?? throw new InvalidOperationException(username);

    private async Task<bool> IsAdminAsync(string userId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ConsoleAdmins>().IsAdminAsync(userId, default);
    }

    private async Task<AuditLogEntry> LastEntryAsync(string type, string userId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().AuditLog
            .Where(e => e.Type == type && e.UserId == userId).OrderByDescending(e => e.Id).FirstAsync();
    }

    /// <summary>Signs in on the hosted sign-in page (on the way to the console): where it ends, /sign-in when refused.</summary>
    private async Task<PageResult> SignInAtHostedPageAsync(string username)
    {
        using var browser = server.NewBrowser();
        var signIn = await browser.GoAsync("/console");
        return await browser.SubmitAsync(signIn, new Dictionary<string, string> { ["Username"] = username, ["Password"] = ConsoleServer.Password });
    }

    /// <summary>Posts to a handler the page does not offer, as a hand-made request would (with the person's antiforgery token).</summary>
    private static async Task<string> PostAsync(BrowserSession browser, PageResult page, string path, params (string Name, string Value)[] fields)
    {
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var response = await browser.PostRawAsync(new Uri(browser.Server, path),
            [new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{path}: {response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}

/// <summary>The console permission's last holder: a server of its own, where no other test adds an admin.</summary>
public sealed class UsersLastAdminPageTests(ConsoleServer server) : IClassFixture<ConsoleServer>
{
    [Fact]
    public async Task UserDetails_RemoveTheLastHoldersPermission_RefusedSayingWhy()
    {
        using var browser = await server.SignedInAsync();
        string rootId;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            rootId = await scope.ServiceProvider.GetRequiredService<IdentityDataContext>().Users
                .Where(u => u.UserName == ConsoleServer.AdminUsername).Select(u => u.Id).SingleAsync();
        }
        var page = await browser.GoAsync($"/console/users/{rootId}");

        var action = page.Document.QuerySelector("form[action^='?handler=removeRole']")!.GetAttribute("action")!;
        var refused = await browser.SubmitAsync(page, new Dictionary<string, string>(), formAction: action);

        Assert.Contains("last person with the console permission", refused.Alert);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await browser.GoAsync("/console")).Status);
    }
}
