using System.Xml.Linq;
using Identity.Keys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Identity.Server.Tests;

/// <summary>
/// Issue 13: the Data Protection key ring gets its keys from <see cref="DataProtectionKeyRing"/> alone, before any work
/// (never from inside a write transaction), and each successor well ahead of its predecessor's expiry.
/// </summary>
public sealed class DataProtectionKeyRingTests : IDisposable
{
    private readonly InMemoryKeyStore _store = new();
    private readonly ServiceProvider _services;

    public DataProtectionKeyRingTests()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddDataProtection().DisableAutomaticKeyGeneration().SetApplicationName("key-ring-tests");
        services.Configure<KeyManagementOptions>(options => options.XmlRepository = _store);
        services.AddSingleton<DataProtectionKeyRing>();
        _services = services.BuildServiceProvider();
    }

    private IKeyManager Keys => _services.GetRequiredService<IKeyManager>();

    private DataProtectionKeyRing Ring => _services.GetRequiredService<DataProtectionKeyRing>();

    private TimeSpan Lifetime => _services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.NewKeyLifetime;

    public void Dispose() => _services.Dispose();

    [Fact]
    public void AnEmptyRing_GetsAKeyActiveNow_AndThenProtectingWorks()
    {
        var added = Ring.EnsureReady();

        Assert.NotNull(added);
        Assert.InRange(added.ActivationDate, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Equal(Lifetime, added.ExpirationDate - added.ActivationDate);
        var protector = _services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("secret", protector.Unprotect(protector.Protect("secret")));
        Assert.Single(_store.GetAllElements());
    }

    [Fact]
    public void WithoutTheRing_ProtectingFindsNoKey_RatherThanMakingOneItself()
    {
        var protector = _services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");

        var error = Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => protector.Protect("secret"));
        Assert.Contains("auto-generation of keys is disabled", error.InnerException?.Message, StringComparison.Ordinal);
        Assert.Empty(_store.GetAllElements());
    }

    [Fact]
    public void AKeyExpiringWithinTheLeadTime_GetsItsSuccessor_ActiveFromItsExpiry()
    {
        var now = DateTimeOffset.UtcNow;
        var expiring = Keys.CreateNewKey(now - Lifetime + TimeSpan.FromDays(10), now + TimeSpan.FromDays(10));

        var successor = Ring.EnsureReady();

        Assert.NotNull(successor);
        Assert.Equal(expiring.ExpirationDate, successor.ActivationDate);
        Assert.Equal(Lifetime, successor.ExpirationDate - successor.ActivationDate);
        Assert.Null(Ring.EnsureReady());
    }

    [Fact]
    public void ARingCoveredPastTheLeadTime_IsLeftAlone()
    {
        var now = DateTimeOffset.UtcNow;
        Keys.CreateNewKey(now.AddDays(-1), now + DataProtectionKeyRing.SuccessorLeadTime + TimeSpan.FromDays(1));

        Assert.Null(Ring.EnsureReady());
        Assert.Single(_store.GetAllElements());
    }

    [Fact]
    public void ARevokedKey_DoesNotCount_SoANewOneIsMade()
    {
        var now = DateTimeOffset.UtcNow;
        var revoked = Keys.CreateNewKey(now.AddDays(-1), now.AddDays(60));
        Keys.RevokeKey(revoked.KeyId, "test");

        var added = Ring.EnsureReady();

        Assert.NotNull(added);
        Assert.NotEqual(revoked.KeyId, added.KeyId);
    }

    private sealed class InMemoryKeyStore : IXmlRepository
    {
        private readonly List<XElement> _elements = [];

        public IReadOnlyCollection<XElement> GetAllElements()
        {
            lock (_elements) return [.. _elements.Select(element => new XElement(element))];
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            lock (_elements) _elements.Add(new XElement(element));
        }
    }
}
