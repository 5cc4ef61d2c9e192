using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Identity.SecurityChecks.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace Identity.SecurityChecks;

/// <summary>Checks 57–62: what the server accepts as a password, how it tells names apart, and how it stores hashes.</summary>
public sealed class Check57To62PasswordTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Theory]
    [InlineData("Tr0ub4dor&3x!ab")] // 15 characters
    [InlineData("the quick brown fox jumps over the lazy dog while eating pizza!!")] // 64, with spaces
    [InlineData("Füchse über Brücken — 日本語のパスフレーズ — ünïcödé spaces and more words to make it long enough, a hundred and twenty-eight chars, ok!!!")]
    public async Task Check57_LongAndUnicodePassphrases_AreAcceptedAndSignIn(string passphrase)
    {
        var username = HostedForms.NewUsername();
        using var browser = server.NewBrowser();
        var registered = await HostedForms.RegisterAsync(browser, username, passphrase);
        Assert.Null(registered.Alert);
        Assert.Null(registered.FieldError("password"));

        using var again = server.NewBrowser();
        await HostedForms.SignInAsync(again, username, passphrase);
        Assert.True(await HostedForms.IsSignedInAsync(again), $"A {passphrase.Length}-character passphrase did not sign in.");
    }

    [Fact]
    public async Task Check57_SevenCharacterPassword_IsRefusedAtSignUp()
    {
        using var browser = server.NewBrowser();
        var refused = await HostedForms.RegisterAsync(browser, HostedForms.NewUsername(), "Xk9#qL2");

        Assert.Contains("at least 8 characters", refused.Html, StringComparison.Ordinal);
        Assert.False(await HostedForms.IsSignedInAsync(browser));
    }

    [Fact]
    public async Task Check58_CommonPassword_IsRefusedAtSignUpAndAtAdminPasswordChange()
    {
        using var browser = server.NewBrowser();
        var refused = await HostedForms.RegisterAsync(browser, HostedForms.NewUsername(), "password123");
        Assert.Contains("too common", refused.Html, StringComparison.Ordinal);
        Assert.False(await HostedForms.IsSignedInAsync(browser));

        using var admin = await ManagementApi.ConnectAsync(server);
        using var created = await admin.PostAsync("/api/users", new { username = HostedForms.NewUsername(), password = CheckSeed.Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        using var change = await admin.PatchAsync($"/api/users/{id}/password", new { password = "password123" });
        Assert.Equal(HttpStatusCode.BadRequest, change.StatusCode);
        Assert.Contains("common", await change.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check59_TrailingSpaceCaseAndLength_AllMakeADifferentPassword()
    {
        var username = HostedForms.NewUsername();
        const string password = "Orange Tractor Violin 7";
        using (var browser = server.NewBrowser())
        {
            await HostedForms.RegisterAsync(browser, username, password);
        }

        foreach (var variant in new[] { password + " ", " " + password, password.ToUpperInvariant(), password[..^1] })
        {
            using var browser = server.NewBrowser();
            await HostedForms.SignInAsync(browser, username, variant);
            Assert.False(await HostedForms.IsSignedInAsync(browser), $"'{variant}' signed in as '{password}'.");
        }

        using var owner = server.NewBrowser();
        await HostedForms.SignInAsync(owner, username, password);
        Assert.True(await HostedForms.IsSignedInAsync(owner));
    }

    [Fact]
    public async Task Check60_NamesAreCaseInsensitive_AndParallelSignUpsForOneNameMakeOneAccount()
    {
        using (var browser = server.NewBrowser())
        {
            var taken = await HostedForms.RegisterAsync(browser, "ALICE", CheckSeed.Password);
            Assert.Equal(HttpStatusCode.OK, taken.Status);
            Assert.Contains("already taken", taken.Html, StringComparison.Ordinal);
        }

        var name = HostedForms.NewUsername();
        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            using var browser = server.NewBrowser();
            var result = await HostedForms.RegisterAsync(browser, name, CheckSeed.Password);
            return (result.Status, Signed: await HostedForms.IsSignedInAsync(browser), result.Html);
        }));

        Assert.All(attempts, a => Assert.True((int)a.Status < 500, a.Html));
        Assert.Equal(1, attempts.Count(a => a.Signed));
        Assert.All(attempts.Where(a => !a.Signed), a => Assert.Contains("already taken", a.Html, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check62_NewHashesAreArgon2id_AndALegacyPbkdf2HashIsUpgradedAtTheNextSignIn()
    {
        // Our policy is stronger than the check's PBKDF2 baseline: Argon2id at OWASP's minimum (m=19 MiB, t=2, p=1).
        var username = HostedForms.NewUsername();
        using (var browser = server.NewBrowser())
        {
            await HostedForms.RegisterAsync(browser, username, CheckSeed.Password);
        }
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", await StoredHashAsync(username), StringComparison.Ordinal);

        // An account migrated from an older install keeps its ASP.NET Identity V3 (PBKDF2) hash until it signs in.
        var legacy = new PasswordHasher<object>().HashPassword(new object(), CheckSeed.Password);
        await SetStoredHashAsync(username, legacy);
        using (var browser = server.NewBrowser())
        {
            await HostedForms.SignInAsync(browser, username, CheckSeed.Password);
            Assert.True(await HostedForms.IsSignedInAsync(browser), "The legacy hash did not verify.");
        }
        Assert.StartsWith("$argon2id$", await StoredHashAsync(username), StringComparison.Ordinal);
    }

    private async Task<string?> StoredHashAsync(string username)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT PasswordHash FROM AspNetUsers WHERE NormalizedUserName = $name";
        command.Parameters.AddWithValue("$name", username.ToUpperInvariant());
        return (string?)await command.ExecuteScalarAsync();
    }

    private async Task SetStoredHashAsync(string username, string hash)
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE AspNetUsers SET PasswordHash = $hash WHERE NormalizedUserName = $name";
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$name", username.ToUpperInvariant());
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<SqliteConnection> OpenDatabaseAsync()
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(server.DataPath, "identity.db")};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
