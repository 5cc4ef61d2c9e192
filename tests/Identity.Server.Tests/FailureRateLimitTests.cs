using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Identity.Core;
using Identity.Server.Security;
using Identity.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Identity.Server.Tests;

/// <summary>A server behind a (pretend) reverse proxy, so each test can be its own client address.</summary>
public sealed class ForwardingServerFactory : IdentityServerFactory
{
    protected override IEnumerable<KeyValuePair<string, string>> Settings => [new("Security:TrustForwardedHeaders", "true")];
}

/// <summary>
/// Check 56: failures are counted per client address (default 100 a minute) at the sign-in and sign-up pages, client
/// authentication at the token endpoint and the Management API, each surface on its own; past the limit that surface's
/// endpoints answer 429 with Retry-After until the window ends. Successes are neither counted nor limited.
/// </summary>
public sealed class FailureRateLimitTests(ForwardingServerFactory server) : IClassFixture<ForwardingServerFactory>
{
    private const int Limit = 100;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private HttpClient BackChannelFrom(string address)
    {
        var http = server.NewBackChannel();
        http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return http;
    }

    private static Task<TokenResponse> ClientCredentialsAsync(HttpClient http, string secret) =>
        Flows.PostTokenAsync(http, new Dictionary<string, string?> { ["grant_type"] = "client_credentials", ["scope"] = "reports" },
            (TestApps.MachineId, secret));

    [Fact]
    public async Task FailedSignIns_OverManyUsernames_GetA429PageWithRetryAfter_UntilTheWindowEnds()
    {
        using var browser = server.NewBrowser();
        browser.ForwardedFor = "203.0.113.10";
        var form = await browser.GoAsync("/sign-in");
        var wrong = () => browser.SubmitAsync(form, new Dictionary<string, string> { ["Username"] = Flows.NewUsername(), ["Password"] = "not the password" });

        for (var attempt = 0; attempt < Limit; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await wrong()).Status);
        }
        var refused = await wrong();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(Window, refused.Response!.Headers.RetryAfter!.Delta);
        Assert.Equal("Too many attempts", refused.Heading);
        Assert.Contains("60 seconds", refused.Html);
        SecurityHeaderAssertions.AssertSecurityHeaders(refused.Response);

        server.Clock.Advance(TimeSpan.FromSeconds(45));
        var stillRefused = await browser.GoAsync("/sign-in");
        Assert.Equal(HttpStatusCode.TooManyRequests, stillRefused.Status);
        Assert.Equal(TimeSpan.FromSeconds(15), stillRefused.Response!.Headers.RetryAfter!.Delta);

        server.Clock.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, (await wrong()).Status);
    }

    [Fact]
    public async Task RefusedSignInPage_SpeaksTheBrowsersLanguage()
    {
        using var browser = server.NewBrowser();
        browser.ForwardedFor = "203.0.113.11";
        browser.AcceptLanguage = "de-DE,de;q=0.9";
        var form = await browser.GoAsync("/register");
        for (var attempt = 0; attempt <= Limit; attempt++)
        {
            // Failed sign-ups count as well: here, a password too short.
            await browser.SubmitAsync(form, new Dictionary<string, string>
            {
                ["Username"] = Flows.NewUsername(), ["Password"] = "short", ["ConfirmPassword"] = "short",
            });
        }

        var refused = await browser.GoAsync("/register");
        var trailingSlash = await browser.GoAsync("/Register/");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, trailingSlash.Status);
        Assert.Equal("Zu viele Versuche", refused.Heading);
        Assert.Equal("de", refused.Document.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task FailedClientAuthentication_AtTheTokenEndpoint_GetsAnOAuthStyle429_EvenWithTheRightSecretAfterwards()
    {
        using var http = BackChannelFrom("203.0.113.20");
        for (var attempt = 0; attempt < Limit; attempt++)
        {
            Assert.Equal("invalid_client", (await ClientCredentialsAsync(http, "wrong-secret")).Error);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/oidc/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = TestApps.MachineId, ["client_secret"] = TestApps.MachineSecret,
            }),
        };
        using var refused = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(Window, refused.Headers.RetryAfter!.Delta);
        Assert.Equal("application/json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal("temporarily_unavailable", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        server.Clock.Advance(Window);
        Assert.True((await ClientCredentialsAsync(http, TestApps.MachineSecret)).IsSuccess);
    }

    [Fact]
    public async Task SuccessfulClientCredentialsGrants_AreNeitherCountedNorLimited()
    {
        using var http = BackChannelFrom("203.0.113.30");

        for (var grant = 0; grant < Limit + 50; grant++)
        {
            var tokens = await ClientCredentialsAsync(http, TestApps.MachineSecret);
            Assert.True(tokens.IsSuccess, $"grant {grant}: {tokens.Raw}");
        }

        Assert.Equal("invalid_client", (await ClientCredentialsAsync(http, "wrong-secret")).Error);
    }

    [Fact]
    public async Task Unauthenticated_ManagementApiCalls_FromLoopback_GetA429Problem()
    {
        // No X-Forwarded-For: the connection's own 127.0.0.1, which is not exempt.
        using var http = server.NewBackChannel();
        for (var attempt = 0; attempt < Limit; attempt++)
        {
            using var unauthorized = await http.GetAsync("/api/applications");
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using var refused = await http.GetAsync("/api/applications");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(Window, refused.Headers.RetryAfter!.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.Equal(429, JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());

        server.Clock.Advance(Window);
        using var again = await http.GetAsync("/api/applications");
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task FailedClientAuthentications_PastTheirLimit_DoNotKeepAPersonAtTheSameAddressFromSigningIn()
    {
        // Issue 13: a job with a wrong secret behind an office's NAT locked everyone in the office out of the sign-in page.
        using var office = new CallersAtAddress(server, "203.0.113.50");
        await office.FailAsync(FailureSurface.ClientAuthentication, Limit);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await office.FailAsync(FailureSurface.ClientAuthentication)).Status);
        var username = await AccountPages.CreateUserAsync(server);

        using var person = office.NewBrowser();
        var signIn = await person.GoAsync("/sign-in");
        var signedIn = await person.SubmitAsync(signIn, new Dictionary<string, string> { ["Username"] = username, ["Password"] = Flows.GoodPassword });

        Assert.Equal(HttpStatusCode.OK, signIn.Status);
        Assert.Equal(HttpStatusCode.OK, signedIn.Status);
        Assert.Equal("/", signedIn.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await office.FailAsync(FailureSurface.ClientAuthentication)).Status);
    }

    [Theory]
    [InlineData(FailureSurface.SignIn, "203.0.113.51")]
    [InlineData(FailureSurface.ClientAuthentication, "203.0.113.52")]
    [InlineData(FailureSurface.ManagementApi, "203.0.113.53")]
    public async Task AnAddressOverOneSurfacesLimit_IsStillServedOnTheOthers(FailureSurface exhausted, string address)
    {
        using var callers = new CallersAtAddress(server, address);
        await callers.FailAsync(exhausted, Limit);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await callers.FailAsync(exhausted)).Status);
        foreach (var other in Enum.GetValues<FailureSurface>().Where(surface => surface != exhausted))
        {
            Assert.True(await callers.IsServedAsync(other), $"{other} refused an address over the {exhausted} limit.");
        }
    }

    [Fact]
    public async Task AnAddressOverTheLimit_DoesNotAffectOtherAddresses()
    {
        using var blocked = BackChannelFrom("203.0.113.40");
        for (var attempt = 0; attempt <= Limit; attempt++)
        {
            await ClientCredentialsAsync(blocked, "wrong-secret");
        }
        using var other = BackChannelFrom("198.51.100.40");

        Assert.Equal(429, (await ClientCredentialsAsync(blocked, TestApps.MachineSecret)).Status);
        Assert.True((await ClientCredentialsAsync(other, TestApps.MachineSecret)).IsSuccess);
    }
}

/// <summary>The limit is configurable, for every surface at once or for one; 0 turns it off; a bad value stops the start.</summary>
public sealed class FailureRateLimitSettingsTests
{
    private sealed class SmallLimitFactory(string permitLimit) : IdentityServerFactory
    {
        protected override IEnumerable<KeyValuePair<string, string>> Settings =>
        [
            new("Security:FailureRateLimit:PermitLimit", permitLimit), new("Security:FailureRateLimit:Window", "00:10:00"),
        ];
    }

    private static async Task<HttpStatusCode[]> CallApiAsync(IdentityServerFactory server, int times)
    {
        using var http = server.NewBackChannel();
        var statuses = new HttpStatusCode[times];
        for (var call = 0; call < times; call++)
        {
            using var response = await http.GetAsync("/api/users");
            statuses[call] = response.StatusCode;
        }
        return statuses;
    }

    [Fact]
    public async Task ConfiguredLimitAndWindow_AreUsed()
    {
        using var server = new SmallLimitFactory("3");

        var statuses = await CallApiAsync(server, 4);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        using var http = server.NewBackChannel();
        using var refused = await http.GetAsync("/api/users");
        Assert.Equal(TimeSpan.FromMinutes(10), refused.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task PermitLimitZero_TurnsTheLimitOff()
    {
        using var server = new SmallLimitFactory("0");

        var statuses = await CallApiAsync(server, 120);

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
    }

    [Fact]
    public void NoSettings_GiveEverySurfaceTheProductDefaults()
    {
        var limits = FailureRateLimitSettings.Read(new ConfigurationBuilder().Build());

        Assert.All(Enum.GetValues<FailureSurface>(), surface =>
            Assert.Equal(new FailureRateLimitOptions(100, TimeSpan.FromMinutes(1), 100_000), limits[surface]));
    }

    [Fact]
    public void SectionSettings_AreEverySurfacesDefaults_AndASurfaceSubsectionOverridesOnlyWhatItNames()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("Security:FailureRateLimit:PermitLimit", "7"), new("Security:FailureRateLimit:Window", "00:03:00"),
            new("Security:FailureRateLimit:MaxTrackedClients", "50"), new("Security:FailureRateLimit:SignIn:PermitLimit", "9"),
            new("Security:FailureRateLimit:ManagementApi:Window", "00:00:30"),
        ]).Build();

        var limits = FailureRateLimitSettings.Read(configuration);

        Assert.Equal(new FailureRateLimitOptions(9, TimeSpan.FromMinutes(3), 50), limits[FailureSurface.SignIn]);
        Assert.Equal(new FailureRateLimitOptions(7, TimeSpan.FromMinutes(3), 50), limits[FailureSurface.ClientAuthentication]);
        Assert.Equal(new FailureRateLimitOptions(7, TimeSpan.FromSeconds(30), 50), limits[FailureSurface.ManagementApi]);
    }

    [Theory]
    [InlineData("Security:FailureRateLimit:PermitLimit", "-1")]
    [InlineData("Security:FailureRateLimit:Window", "00:00:00")]
    [InlineData("Security:FailureRateLimit:MaxTrackedClients", "0")]
    [InlineData("Security:FailureRateLimit:SignIn:PermitLimit", "many")]
    [InlineData("Security:FailureRateLimit:ClientAuthentication:Window", "2.00:00:00")]
    [InlineData("Security:FailureRateLimit:ManagementApi:Window", "soon")]
    [InlineData("Security:FailureRateLimit:ManagementApi:MaxTrackedClients", "1e6")]
    public void ASettingOutOfRange_StopsTheStart_NamingTheSetting(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var error = Assert.Throws<StartupConfigurationException>(() => FailureRateLimitSettings.Read(configuration));

        Assert.Contains($"{key} '{value}'", error.Message, StringComparison.Ordinal);
    }
}
