using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Identity.SecurityChecks.Infrastructure;

/// <summary>The Management API as an admin's script calls it: a client-credentials token with the management scope.</summary>
public sealed class ManagementApi : IDisposable
{
    private readonly HttpClient _http;

    private ManagementApi(HttpClient http) => _http = http;

    public static async Task<ManagementApi> ConnectAsync(CheckServer server)
    {
        var http = server.NewBackChannel();
        var token = await Oidc.PostTokenAsync(http, new Dictionary<string, string?>
        {
            ["grant_type"] = "client_credentials", ["scope"] = "management",
        }, (CheckSeed.ManagementId, CheckSeed.ManagementSecret));
        Assert.True(token.IsSuccess, token.Raw);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return new ManagementApi(http);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body) => _http.PostAsJsonAsync(path, body);

    public Task<HttpResponseMessage> PatchAsync(string path, object body) => _http.PatchAsJsonAsync(path, body);

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public void Dispose() => _http.Dispose();
}
