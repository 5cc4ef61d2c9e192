using System.Text.Json;

namespace Identity.Cli.Tests;

/// <summary><c>keys list | rotate</c>: a key per configured algorithm, each rotated on its own, and a switch of the ID tokens' algorithm.</summary>
public sealed class KeysCommandTests : IDisposable
{
    private readonly CliProcess cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task AFreshRing_HasAnActiveRs256KeyForIdTokens_AndAnActiveEs256KeyForTheOthers_AndKeysRotateAddsAPendingKeyForEach()
    {
        var before = await cli.RunAsync("keys", "list", "--json");
        var rotated = await cli.RunAsync("keys", "rotate");
        var after = await cli.RunAsync("keys", "list", "--json");

        CliProcess.Succeeded(before);
        Assert.Equal([("ES256", "active"), ("RS256", "active")], AlgorithmsAndStates(before.Stdout).Order());
        CliProcess.Succeeded(rotated);
        Assert.Contains("(RS256): published now", rotated.Stdout);
        Assert.Contains("(ES256): published now", rotated.Stdout);
        CliProcess.Succeeded(after);
        Assert.Equal([("ES256", "active"), ("ES256", "pending"), ("RS256", "active"), ("RS256", "pending")], AlgorithmsAndStates(after.Stdout).Order());
    }

    [Fact]
    public async Task SwitchingIdTokensToEs256_RetiresTheRs256Key_TheEs256KeyAlreadySigning_AndKeysRotateAddsOnlyEs256Keys()
    {
        CliProcess.Succeeded(await cli.RunAsync("keys", "list"));

        var switched = await cli.RunAsync("--Keys:Algorithm=ES256", "keys", "list", "--json");
        var rotated = await cli.RunAsync("--Keys:Algorithm=ES256", "keys", "rotate");
        var table = await cli.RunAsync("--Keys:Algorithm=ES256", "keys", "list");

        CliProcess.Succeeded(switched);
        Assert.Equal([("ES256", "active"), ("RS256", "retiring")], AlgorithmsAndStates(switched.Stdout).Order());
        CliProcess.Succeeded(rotated);
        Assert.DoesNotContain("RS256", rotated.Stdout);
        Assert.Contains("pending", table.Stdout);
    }

    [Fact]
    public async Task KeysRotate_WithAnUnsupportedAlgorithm_Exits1NamingTheSetting_AndAddsNoKey()
    {
        CliProcess.Succeeded(await cli.RunAsync("keys", "list"));

        var refused = await cli.RunAsync("--Keys:Algorithm=HS256", "keys", "rotate");
        var after = await cli.RunAsync("keys", "list", "--json");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("error: Keys:Algorithm 'HS256' is not supported. Use RS256 or ES256.", refused.Stderr);
        Assert.Equal(2, JsonDocument.Parse(after.Stdout).RootElement.GetArrayLength());
    }

    private static List<(string? Algorithm, string? State)> AlgorithmsAndStates(string json) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Select(k => (k.GetProperty("algorithm").GetString(), k.GetProperty("state").GetString()))];
}
