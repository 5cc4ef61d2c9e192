using System.Net;
using System.Net.Http.Headers;
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

    // PostgreSQL cannot store or compare text holding U+0000: found by the fuzz test on PostgreSQL as 500s.
    [Theory]
    [InlineData("/oidc/auth?response_type=code&client_id=%00&scope=openid")]
    [InlineData("/oidc/auth?response_type=code&client_id=spa%00&scope=openid&code_challenge_method=S256")]
    [InlineData("/oidc/session/end?client_id=x%00&post_logout_redirect_uri=http%3A%2F%2Flocalhost%3A5173%2F")]
    [InlineData("/sign-in?returnUrl=%2F%00")]
    public async Task QueryWithNullCharacter_IsRefusedOnTheErrorPage(string pathAndQuery)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };

        using var response = await http.GetAsync(pathAndQuery);

        await AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "NUL character");
    }

    [Fact]
    public async Task SignInFormWithNullCharacter_IsRefusedOnTheErrorPage()
    {
        // The framework's form reader refuses it (as on the token endpoint above); the gate turns that into the page.
        using var response = await PostAsync("/sign-in", "Username=alice%00&Password=whatever-password", "application/x-www-form-urlencoded");

        await AssertErrorPageAsync(response, HttpStatusCode.BadRequest, "invalid characters");
    }

    [Theory]
    [InlineData("/api/users?search=ali%00", "search")]
    [InlineData("/api/logs?userId=%00", "userId")]
    public async Task ManagementApiQueryWithNullCharacter_IsAProblemNamingTheParameter(string pathAndQuery, string field)
    {
        using var http = await server.AdminClientAsync();

        using var response = await http.GetAsync(pathAndQuery);

        await AssertProblemNamingAsync(response, field, "NUL character");
    }

    [Fact]
    public async Task PathWithNullCharacter_IsRefused()
    {
        using var http = await server.AdminClientAsync();

        // Kestrel itself refuses a NUL in the path, before the application.
        using var response = await http.GetAsync("/api/users/abc%00");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ManagementApiBodyWithNullCharacter_IsAProblemNamingTheField()
    {
        using var http = await server.AdminClientAsync();

        using var response = await http.PostJsonAsync("/api/users", """{ "username": "nul_user", "name": "Nul\u0000Name" }""");

        await AssertProblemNamingAsync(response, "name", "NUL character");
    }

    // Found by the fuzz test once its Management API requests were no longer answered 429 by the other surfaces' limit.
    [Theory]
    [InlineData("/api/users", "\"username\": \"surrogate_user\", \"name\": \"\\ud800\"", "name")]
    [InlineData("/api/applications", "\"name\": \"app\", \"type\": \"Traditional\", \"redirectUris\": [\"\\udc00\"]", "redirectUris[0]")]
    public async Task ManagementApiBodyWithUnpairedSurrogate_IsAProblemNamingTheField(string path, string fields, string field)
    {
        using var http = await server.AdminClientAsync();

        using var response = await http.PostJsonAsync(path, "{" + fields + "}");

        await AssertProblemNamingAsync(response, field, "not valid text");
    }

    [Fact]
    public async Task ManagementApiBodyWithInvalidUtf8_IsAProblemNamingTheField()
    {
        using var http = await server.AdminClientAsync();
        byte[] body = [.. "{\"username\": \"utf8_user\", \"name\": \""u8, 0xC3, 0x28, .. "\"}"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await http.PostAsync("/api/users", content);

        await AssertProblemNamingAsync(response, "name", "not valid text");
    }

    private static async Task AssertProblemNamingAsync(HttpResponseMessage response, string field, string problem)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.Contains(problem, errors.GetProperty(field)[0].GetString(), StringComparison.Ordinal);
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
            Assert.True(html.Contains(mentions, StringComparison.Ordinal), html);
        }
    }
}
