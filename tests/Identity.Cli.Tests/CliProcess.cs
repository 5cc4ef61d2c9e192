using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Identity.Cli.Tests;

/// <summary>What one run of the CLI printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Stdout}stderr:{Environment.NewLine}{Stderr}";
}

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

    public Task<CliResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    /// <summary>Runs a command with <paramref name="stdin"/> as its standard input (one line).</summary>
    public async Task<CliResult> RunWithInputAsync(string? stdin, params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteLineAsync(stdin);
        }
        process.StandardInput.Close();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', args)}' did not exit within 60 s.");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("Identity.Server.dll");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DataPath"] = Folder.FullName;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DataProtection__AllowUnprotectedKeys"] = "true"; // Production refuses an unencrypted key ring otherwise
        start.Environment["Bootstrap__ManagementApplication"] = ManagementBootstrap ? "true" : "false";
        start.Environment.Remove("ConnectionStrings__Identity");
        start.Environment.Remove("Database__Provider");
        start.Environment.Remove("Seed__Path");
        return start;
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Folder.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The secret from a "Client secret: ..." line (apps add, apps rotate-secret).</summary>
    public static string SecretIn(CliResult result) =>
        SecretLine().Match(result.Stdout) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"No secret printed: {result}");

    /// <summary>Success, with no stack trace anywhere.</summary>
    public static void Succeeded(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr);
    }

    /// <summary>Exit code 1 with an error line on stderr containing <paramref name="expected"/>, and no stack trace.</summary>
    public static void Failed(CliResult result, string expected)
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
