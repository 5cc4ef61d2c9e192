using System.Net;
using System.Text;
using System.Text.Json;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>The malformed and oversized requests the fuzz test found answered with a 500, each pinned down.</summary>
public sealed class RequestLimitsTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    [Theory]
    [InlineData("/oidc/session/end")]
    [InlineData("/oidc/auth")]
    public async Task FormWithUnparsableContentType_IsRefusedOnTheErrorPage(string path)
    {
        using var response = await PostAsync(path, "client_id=spa&confirm=1", "application/x-www-form-urlencoded;;;=");

        await AssertErrorPageAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task TokenRequestWithNullCharacter_IsInvalidRequestJson()
    {
        using var response = await PostAsync("/oidc/token", "grant_type=client_credentials&client_id=%00", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid_request", body.GetProperty("error").GetString());
        Assert.Contains("invalid characters", body.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenRequestWithTooManyFields_NamesTheLimit()
    {
        var form = string.Join('&', Enumerable.Range(0, 150).Select(i => $"f{i}=x"));

        using var response = await PostAsync("/oidc/token", form, "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Form value count limit 100 exceeded", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInFormOverTheSizeLimit_Is413OnTheErrorPage()
    {
        using var response = await PostAsync("/sign-in", "Username=" + new string('u', 100_000), "application/x-www-form-urlencoded");

        await AssertErrorPageAsync(response, HttpStatusCode.RequestEntityTooLarge, "64 KiB");
    }

    [Fact]
    public async Task MalformedMultipartForm_IsRefusedOnTheErrorPage()
    {
        using var response = await PostAsync("/register", "--fuzz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--fu",
            "multipart/form-data; boundary=fuzz");

        await AssertErrorPageAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task CallbackPostThatIsNotAForm_RedirectsToTheCallbackWithoutParameters()
    {
        using var response = await PostAsync("/callback/" + ManagementServerFactory.AcmeConnector, "{\"code\":\"x\"}", "application/json");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/callback/" + ManagementServerFactory.AcmeConnector, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CallbackPostTooLargeToRedirect_IsRefused()
    {
        using var response = await PostAsync("/callback/" + ManagementServerFactory.AcmeConnector,
            "code=x&state=" + new string('s', 10_000), "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task AuthorizePostTooLargeToResume_IsRefusedOnTheErrorPage()
    {
        var form = $"client_id={TestApps.SpaId}&redirect_uri={Uri.EscapeDataString(TestApps.SpaRedirect)}&response_type=code&scope=openid" +
                   $"&state=s&code_challenge={new string('c', 43)}&code_challenge_method=S256&login_hint={new string('h', 12_000)}";

        using var response = await PostAsync("/oidc/auth", form, "application/x-www-form-urlencoded");

        await AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "too large to resume");
    }

    private async Task<HttpResponseMessage> PostAsync(string path, string body, string contentType)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return await http.PostAsync(path, content);
    }

    private static async Task AssertErrorPageAsync(HttpResponseMessage response, HttpStatusCode status, string? mentions = null)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {html}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("invalid_request", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        if (mentions is not null)
        {
            Assert.Contains(mentions, html, StringComparison.Ordinal);
        }
    }
}
