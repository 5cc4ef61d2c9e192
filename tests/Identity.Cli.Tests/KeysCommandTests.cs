using System.Text.Json;

namespace Identity.Cli.Tests;

/// <summary><c>keys list | rotate</c>, and a switch of the signing algorithm through an ordinary rotation.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly CliProcess cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task KeysRotate_WithKeysAlgorithmEs256_AddsAnEs256Key_PendingBesideTheActiveRs256One()
    {
        var before = await cli.RunAsync("keys", "list", "--json");
        var rotated = await cli.RunAsync("--Keys:Algorithm=ES256", "keys", "rotate");
        var table = await cli.RunAsync("keys", "list");
        var after = await cli.RunAsync("keys", "list", "--json");

        CliProcess.Succeeded(before);
        var first = Assert.Single(JsonDocument.Parse(before.Stdout).RootElement.EnumerateArray());
        Assert.Equal("RS256", first.GetProperty("algorithm").GetString());
        CliProcess.Succeeded(rotated);
        CliProcess.Succeeded(after);
        var keys = JsonDocument.Parse(after.Stdout).RootElement.EnumerateArray()
            .Select(k => (Algorithm: k.GetProperty("algorithm").GetString(), State: k.GetProperty("state").GetString())).ToList();
        Assert.Equal([("RS256", "active"), ("ES256", "pending")], keys);
        Assert.Contains("ES256", table.Stdout);
    }

    [Fact]
    public async Task KeysRotate_WithAnUnsupportedAlgorithm_Exits1NamingTheSetting_AndAddsNoKey()
    {
        CliProcess.Succeeded(await cli.RunAsync("keys", "list"));

        var refused = await cli.RunAsync("--Keys:Algorithm=HS256", "keys", "rotate");
        var after = await cli.RunAsync("keys", "list", "--json");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: Keys:Algorithm 'HS256' is not supported. Use RS256 (the default) or ES256.", refused.Stderr);
        Assert.Single(JsonDocument.Parse(after.Stdout).RootElement.EnumerateArray());
    }
}
