using System.Diagnostics;
using System.Reflection;

namespace Identity.Cli.Tests.Published;

/// <summary>
/// Identity.Server as an operator installs it: <c>dotnet publish</c> into a folder of its own (once per test run, from
/// the build the tests were built with, so nothing is compiled twice), then started with <c>dotnet
/// &lt;folder&gt;/Identity.Server.dll</c> from another working folder, as systemd units and scripts start it.
/// </summary>
public sealed class PublishedExecutable : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    public PublishedExecutable()
    {
        Folder = Directory.CreateTempSubdirectory("identity-published-");
        var project = Path.Combine(RepositoryRoot(), "src", "Identity.Server", "Identity.Server.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "publish", project, "-c", BuildConfiguration(), "--no-build", "-nologo", "-o", Folder.FullName })
        {
            start.ArgumentList.Add(arg);
        }

        using var publish = Process.Start(start)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        if (!publish.WaitForExit(PublishTimeout) || publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed:\n{output.Result}\n{errors.Result}");
        }
    }

    /// <summary>The publish folder (the server's content root when started from anywhere else).</summary>
    public DirectoryInfo Folder { get; }

    public string Executable => Path.Combine(Folder.FullName, "Identity.Server.dll");

    /// <summary>
    /// <c>dotnet Identity.Server.dll args</c>, started in <paramref name="workingFolder"/> with the Production environment
    /// and <paramref name="settings"/>; the machine's own Identity settings are dropped so only these apply.
    /// </summary>
    public ProcessStartInfo StartInfo(string workingFolder, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Executable);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var inherited in new[] { "ConnectionStrings__Identity", "Database__Provider", "DataPath", "Seed__Path", "ASPNETCORE_URLS",
                     "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT", "DOTNET_ENVIRONMENT" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        return start;
    }

    /// <summary>Runs a CLI command to its end.</summary>
    public async Task<CliResult> RunAsync(string workingFolder, IReadOnlyDictionary<string, string> settings, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingFolder, settings, args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', args)}' did not exit within 90 s.");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose()
    {
        try
        {
            Folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A server killed a moment ago may still hold its database; the temp folder is cleaned up later.
        }
    }

    private static string BuildConfiguration() =>
        typeof(PublishedExecutable).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Identity.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"Identity.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>The tests that share one publish: it takes a while, and the folder is read-only to them but for <c>data</c>.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPublish : ICollectionFixture<PublishedExecutable>
{
    public const string Name = "Published executable";
}
