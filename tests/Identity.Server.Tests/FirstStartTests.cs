using System.Text.RegularExpressions;
using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary>The first start of an empty database: a Management API application is created and its secret printed once.</summary>
public sealed partial class FirstStartTests
{
    [Fact]
    public async Task FirstStart_WithoutAManagementApp_PrintsWorkingCredentialsOnce()
    {
        var data = Directory.CreateTempSubdirectory("identity-first-start-");
        var database = TestDatabase.Create();
        try
        {
            string secret;
            await using (var first = await ServerProcess.StartAsync(data.FullName, database.EnvironmentVariables))
            {
                secret = await WaitForSecretAsync(first);
                using var http = new HttpClient { BaseAddress = first.Address };
                var token = await Flows.PostTokenAsync(http, new Dictionary<string, string?>
                {
                    ["grant_type"] = "client_credentials", ["scope"] = "management",
                }, ("management-bootstrap", secret));

                Assert.True(token.IsSuccess, token.Raw);
                Assert.Equal("management", token.Get("scope"));
            }

            await using var second = await ServerProcess.StartAsync(data.FullName, database.EnvironmentVariables);
            Assert.DoesNotContain("client_secret:", second.Output);
        }
        finally
        {
            database.Dispose();
            data.Delete(recursive: true);
        }
    }

    private static async Task<string> WaitForSecretAsync(ServerProcess server)
    {
        // Printed before Kestrel listens, so it is there once the server answers; a short grace for stdout buffering.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (SecretLine().Match(server.Output) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
            await Task.Delay(20);
        }
        throw new InvalidOperationException("No credentials printed:\n" + server.Output);
    }

    [GeneratedRegex(@"client_secret:\s+(\S+)")]
    private static partial Regex SecretLine();
}
