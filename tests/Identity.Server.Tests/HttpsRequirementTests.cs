using System.Net;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>Security:RequireHttps (on by default outside Development): plain http is redirected or refused, never a 500.</summary>
public sealed class HttpsRequirementTests
{
    [Fact]
    public async Task PlainHttp_WhenHttpsIsRequired_RedirectsPagesAndRefusesPosts()
    {
        var data = Directory.CreateTempSubdirectory("identity-https-");
        var database = TestDatabase.Create();
        try
        {
            await using var server = await ServerProcess.StartAsync(data.FullName, database.EnvironmentVariables.Concat(new Dictionary<string, string>
            {
                ["Security__RequireHttps"] = "true", ["Bootstrap__ManagementApplication"] = "false",
            }), readyPath: null);
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };

            using var page = await http.GetAsync("/sign-in?returnUrl=%2F");
            using var post = await http.PostAsync("/oidc/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));

            Assert.Equal(HttpStatusCode.TemporaryRedirect, page.StatusCode);
            Assert.Equal($"https://{server.Address.Authority}/sign-in?returnUrl=%2F", page.Headers.Location!.AbsoluteUri);
            Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
            Assert.Contains("requires https", await post.Content.ReadAsStringAsync());

            // Probes come over plain http from inside the cluster: the health endpoints answer them.
            using var live = await http.GetAsync("/health/live");
            using var ready = await http.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        finally
        {
            database.Dispose();
            data.Delete(recursive: true);
        }
    }
}
