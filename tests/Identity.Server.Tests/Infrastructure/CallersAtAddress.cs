using System.Net;
using Identity.Server.Security;

namespace Identity.Server.Tests.Infrastructure;

/// <summary>
/// Everyone behind one client address (an office's NAT, say), as a trusted reverse proxy reports it: a person in a
/// browser, a machine-to-machine job and an admin's script. On each surface of the failure limit they fail the way
/// real callers fail there, or ask to be served.
/// </summary>
public sealed class CallersAtAddress : IDisposable
{
    private readonly IdentityServerFactory _server;
    private readonly string _address;
    private readonly BrowserSession _browser;
    private readonly HttpClient _http;
    private PageResult? _signInForm;

    public CallersAtAddress(IdentityServerFactory server, string address)
    {
        _server = server;
        _address = address;
        _browser = NewBrowser();
        _http = server.NewBackChannel();
        _http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
    }

    /// <summary>A browser of its own (its own cookies) at this address.</summary>
    public BrowserSession NewBrowser()
    {
        var browser = _server.NewBrowser();
        browser.ForwardedFor = _address;
        return browser;
    }

    /// <summary>
    /// One failed attempt: a wrong password on the sign-in page, a wrong client secret at the token endpoint, a
    /// Management API call without a token. Returns the status and Retry-After it was answered with.
    /// </summary>
    public async Task<(HttpStatusCode Status, TimeSpan? RetryAfter)> FailAsync(FailureSurface surface)
    {
        switch (surface)
        {
            case FailureSurface.SignIn:
                _signInForm ??= await _browser.GoAsync("/sign-in");
                var page = await _browser.SubmitAsync(_signInForm,
                    new Dictionary<string, string> { ["Username"] = Flows.NewUsername(), ["Password"] = "not the password" });
                return (page.Status, page.Response?.Headers.RetryAfter?.Delta);

            case FailureSurface.ClientAuthentication:
                return await SendAsync(ClientCredentials("wrong-" + TestApps.MachineSecret));

            default:
                return await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/applications"));
        }
    }

    /// <summary>Fails <paramref name="times"/> times, each answered as a failure, none refused yet.</summary>
    public async Task FailAsync(FailureSurface surface, int times)
    {
        var failure = surface == FailureSurface.SignIn ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
        for (var attempt = 0; attempt < times; attempt++)
        {
            Assert.Equal(failure, (await FailAsync(surface)).Status);
        }
    }

    /// <summary>
    /// Whether the address is served on the surface: a person signs in with the right password (in a browser of
    /// their own), the job gets a token with the right secret, an API call without a token is answered 401, not 429.
    /// </summary>
    public async Task<bool> IsServedAsync(FailureSurface surface)
    {
        switch (surface)
        {
            case FailureSurface.SignIn:
                var username = await AccountPages.CreateUserAsync(_server); // from the server's own address: not counted here
                using (var person = NewBrowser())
                {
                    var form = await person.GoAsync("/sign-in");
                    if (form.Status != HttpStatusCode.OK)
                    {
                        return false;
                    }
                    var signedIn = await person.SubmitAsync(form,
                        new Dictionary<string, string> { ["Username"] = username, ["Password"] = Flows.GoodPassword });
                    return signedIn.Status == HttpStatusCode.OK && signedIn.Url.AbsolutePath == "/";
                }

            case FailureSurface.ClientAuthentication:
                return (await SendAsync(ClientCredentials(TestApps.MachineSecret))).Status == HttpStatusCode.OK;

            default:
                return (await FailAsync(surface)).Status == HttpStatusCode.Unauthorized;
        }
    }

    private static HttpRequestMessage ClientCredentials(string secret) => new(HttpMethod.Post, "/oidc/token")
    {
        Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["scope"] = "reports", ["client_id"] = TestApps.MachineId, ["client_secret"] = secret,
        }),
    };

    private async Task<(HttpStatusCode Status, TimeSpan? RetryAfter)> SendAsync(HttpRequestMessage request)
    {
        using (request)
        using (var response = await _http.SendAsync(request))
        {
            return (response.StatusCode, response.Headers.RetryAfter?.Delta);
        }
    }

    public void Dispose()
    {
        _browser.Dispose();
        _http.Dispose();
    }
}
