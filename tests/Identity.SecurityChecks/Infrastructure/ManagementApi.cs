using System.Net.Http.Json;

namespace Identity.SecurityChecks.Infrastructure;

/// <summary>The Management API as an admin's script calls it: a client-credentials token with the management scope.</summary>
public sealed class ManagementApi : IDisposable
{
    private readonly HttpClient _http;

    private ManagementApi(HttpClient http) => _http = http;

    public static async Task<ManagementApi> ConnectAsync(CheckServer server) => new(await SessionChecks.ManagementClientAsync(server));

    public Task<HttpResponseMessage> PostAsync(string path, object body) => _http.PostAsJsonAsync(path, body);

    public Task<HttpResponseMessage> PatchAsync(string path, object body) => _http.PatchAsJsonAsync(path, body);

    public Task<HttpResponseMessage> GetAsync(string path) => _http.GetAsync(path);

    public void Dispose() => _http.Dispose();
}
