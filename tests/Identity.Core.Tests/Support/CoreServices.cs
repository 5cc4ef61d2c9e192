using Connectors.Abstractions;
using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Core.Data;
using Identity.Core.SignInExperience;
using Identity.Core.Social;
using Identity.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Core.Tests.Support;

/// <summary>
/// Identity.Core's sign-in services composed as the server composes them (<see cref="CoreRegistration.AddSignInCore"/>,
/// ASP.NET Core Identity with our user manager, validators and hasher) over the real <see cref="IdentityDataContext"/>, on
/// an in-memory SQLite database that lives as long as this object. Each <see cref="Request"/> is one service scope, as
/// one HTTP request is. What would leave the process is kept here instead: the clock (<see cref="Clock"/>), the session
/// cookie (<see cref="Sessions"/>), the audit log (<see cref="Audit"/>) and the social provider (<see cref="Provider"/>).
/// </summary>
internal sealed class CoreServices : IDisposable
{
    /// <summary>Lower than the server's default (5), so a lockout takes fewer (Argon2id) password checks.</summary>
    public const int MaxFailedSignIns = 3;

    public static readonly TimeSpan FirstLockout = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MaxLockout = TimeSpan.FromHours(1);

    // An in-memory SQLite database exists while a connection to it is open: every context shares this one.
    private readonly SqliteConnection _connection = new("DataSource=:memory:");
    private readonly ServiceProvider _services;

    public CoreServices()
    {
        _connection.Open();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddSingleton<IAuditLog>(Audit);
        services.AddSingleton<ISocialConnectorFactory>(Provider);

        // The server's AddIdentityDatabase takes a connection string and pools its contexts; an in-memory database needs
        // the one open connection instead, so the context is registered here with the same provider options.
        services.AddDbContext<IdentityDataContext, SqliteIdentityDataContext>(options => options.UseSqlite(_connection).UseOpenIddict());
        services.AddScoped<IIdentityData>(provider => provider.GetRequiredService<IdentityDataContext>());
        // The product's account rules on ASP.NET Core Identity, as the server adds them (Hosting/AccountRegistration.cs).
        services.AddIdentity<UserAccount, IdentityRole>()
            .AddEntityFrameworkStores<IdentityDataContext>()
            .AddAccountRules(new LockoutSettings(MaxFailedSignIns, FirstLockout, MaxLockout));
        services.AddSignInCore();

        // Where the server writes the session cookie, the recorder keeps the principal.
        services.RemoveAll<IAuthenticationService>();
        services.AddSingleton<IAuthenticationService>(Sessions);

        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        using var scope = _services.CreateScope();
        scope.ServiceProvider.GetRequiredService<IdentityDataContext>().Database.EnsureCreated();
    }

    /// <summary>Starts on a fixed instant, so times in the database can be compared exactly.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public RecordingAuditLog Audit { get; } = new();

    public SessionRecorder Sessions { get; } = new();

    public FakeProvider Provider { get; } = new();

    /// <summary>A new service scope, as for one HTTP request from one browser.</summary>
    public Request Request() => new(_services.CreateAsyncScope());

    /// <summary>Stores the sign-in experience through the product's own store.</summary>
    public async Task UseExperienceAsync(SignInExperienceSettings settings)
    {
        await using var request = Request();
        await request.Get<SignInExperienceStore>().SaveAsync(settings);
    }

    /// <summary>A user created through the user manager (no audit entry, no session): the test's starting point.</summary>
    public async Task<UserAccount> CreateUserAsync(string? username, string? password, string? email = null, bool emailConfirmed = false)
    {
        await using var request = Request();
        var user = new UserAccount { UserName = username, Email = email, EmailConfirmed = emailConfirmed, CreatedAt = Clock.GetUtcNow() };
        var users = request.Get<UserManager<UserAccount>>();
        var created = password is null ? await users.CreateAsync(user) : await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>A configured connector instance of the fake plugin.</summary>
    public async Task<ConnectorInstance> AddConnectorAsync(string id, string target, bool syncProfile = false)
    {
        await using var request = Request();
        var instance = new ConnectorInstance
        {
            Id = id, FactoryId = FakeProvider.FactoryId, Target = target, Name = $"Fake {target}", ProtectedConfig = "{}", SyncProfile = syncProfile,
        };
        request.Data.Connectors.Add(instance);
        await request.Data.SaveChangesAsync();
        return instance;
    }

    /// <summary>Reads the database in a scope of its own, untracked, as the next request would see it.</summary>
    public async Task<T> ReadAsync<T>(Func<IdentityDataContext, Task<T>> read)
    {
        await using var request = Request();
        return await read(request.Data);
    }

    public void Dispose()
    {
        _services.Dispose();
        _connection.Dispose();
    }
}
