using System.Diagnostics;

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
        var project = Path.Combine(Repository.Root.FullName, "src", "Identity.Server", "Identity.Server.csproj");
        var start = new ProcessStartInfo(DotnetApp.Host,
            ["publish", project, "-c", Repository.Configuration, "--no-build", "-nologo", "-o", Folder.FullName]);
        // Synchronously: xunit builds a collection fixture through its constructor; no synchronization context waits on it.
        var publish = ChildProcess.RunToEndAsync(start, PublishTimeout).GetAwaiter().GetResult();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed:\n{publish}");
        }
    }

    /// <summary>The publish folder (the server's content root when started from anywhere else).</summary>
    public DirectoryInfo Folder { get; }

    public string Executable => Path.Combine(Folder.FullName, "Identity.Server.dll");

    /// <summary>
    /// <c>dotnet Identity.Server.dll args</c>, started in <paramref name="workingFolder"/> with the Production environment
    /// and <paramref name="settings"/>; the machine's own Identity settings are dropped so only these apply.
    /// </summary>
    public ProcessStartInfo StartInfo(string workingFolder, IReadOnlyDictionary<string, string> settings, params string[] args) =>
        DotnetApp.StartInfo(Executable, args, workingFolder, ServerEnvironment.MachineSettingsToDrop,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }.Concat(settings));

    /// <summary>Runs a CLI command to its end.</summary>
    public Task<ProcessResult> RunAsync(string workingFolder, IReadOnlyDictionary<string, string> settings, params string[] args) =>
        ChildProcess.RunToEndAsync(StartInfo(workingFolder, settings, args), TimeSpan.FromSeconds(90));

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
}

/// <summary>The tests that share one publish: it takes a while, and the folder is read-only to them but for <c>data</c>.</summary>
[CollectionDefinition(Name)]
public sealed class SharedPublish : ICollectionFixture<PublishedExecutable>
{
    public const string Name = "Published executable";
}
