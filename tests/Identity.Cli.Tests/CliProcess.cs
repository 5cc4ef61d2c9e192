using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Identity.Cli.Tests;

/// <summary>
/// A fresh data folder (so a fresh SQLite database) and the real executable, run as an admin would at a shell:
/// <c>dotnet Identity.Server.dll &lt;command&gt; ...</c> with <c>DataPath</c> set in the environment.
/// </summary>
public sealed partial class CliProcess : IDisposable
{
    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("identity-cli-");

    public string DatabaseFile => Path.Combine(Folder.FullName, "identity.db");

    /// <summary>
    /// Whether the first command on the new database creates the Management API application, as the server's first
    /// start does; off by default so that each test sees only what it made.
    /// </summary>
    public bool ManagementBootstrap { get; init; }

    public Task<ProcessResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs a command with <paramref name="stdin"/> as its standard input (one line).</summary>
    public Task<ProcessResult> RunWithInputAsync(string? stdin, params string[] args) =>
        ChildProcess.RunToEndAsync(StartInfo(args), TimeSpan.FromSeconds(60), stdin);

    public ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = DotnetApp.StartInfo("Identity.Server.dll", args, AppContext.BaseDirectory,
            ["ConnectionStrings__Identity", "Database__Provider", "Seed__Path"], new Dictionary<string, string>
            {
                ["DataPath"] = Folder.FullName,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DataProtection__AllowUnprotectedKeys"] = "true", // Production refuses an unencrypted key ring otherwise
                ["Bootstrap__ManagementApplication"] = ManagementBootstrap ? "true" : "false",
            });
        start.RedirectStandardInput = true;
        return start;
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Folder.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The secret from a "Client secret: ..." line (apps add, apps rotate-secret).</summary>
    public static string SecretIn(ProcessResult result) =>
        SecretLine().Match(result.Stdout) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No secret printed: {result}");

    /// <summary>Success, with no stack trace anywhere.</summary>
    public static void Succeeded(ProcessResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
    }

    /// <summary>Exit code 1 with an error line on stderr containing <paramref name="expected"/>, and no stack trace.</summary>
    public static void Failed(ProcessResult result, string expected)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(expected, result.Stderr);
        Assert.StartsWith("error: ", result.Stderr.TrimStart());
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
    }

    public void Dispose()
    {
        try
        {
            Folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A process that was killed may still hold the database for a moment; the temp folder is cleaned up later.
        }
    }

    [GeneratedRegex(@"^Client secret: (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex SecretLine();
}
