using Identity.SecurityChecks.Infrastructure;

namespace Identity.SecurityChecks;

/// <summary>Check 66: browsers may call the token endpoint from a registered app's origin, and nothing else cross-site.</summary>
public sealed class Check66CorsTests(CheckServer server) : IClassFixture<CheckServer>
{
    [Theory]
    [InlineData("/oidc/token", "https://spa.example.com", true)]
    [InlineData("/oidc/token", "https://evil.example", false)]
    [InlineData("/oidc/auth?client_id=spa&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fspa.example.com%2Fcallback", "https://spa.example.com", false)]
    [InlineData("/oidc/auth?client_id=spa&response_type=code&scope=openid&redirect_uri=https%3A%2F%2Fspa.example.com%2Fcallback", "https://evil.example", false)]
    public async Task Check66_CorsOnlyOnTheTokenEndpoint_AndOnlyForRegisteredOrigins(string path, string origin, bool allowed)
    {
        using var http = server.NewBackChannel();
        using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
        preflight.Headers.Add("Origin", origin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var request = new HttpRequestMessage(path.StartsWith("/oidc/token", StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get, path)
        {
            Content = path.StartsWith("/oidc/token", StringComparison.Ordinal)
                ? new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = "x", ["client_id"] = CheckSeed.SpaId })
                : null,
        };
        request.Headers.Add("Origin", origin);

        foreach (var message in new[] { preflight, request })
        {
            using var response = await http.SendAsync(message);
            var allowOrigin = response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
            Assert.Equal(allowed ? origin : null, allowOrigin);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        }
    }
}
