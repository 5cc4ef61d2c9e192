using System.Diagnostics;

namespace Identity.Testing;

/// <summary>How the tests start a built .NET app (<c>dotnet some.dll args</c>) as a process of its own.</summary>
public static class DotnetApp
{
    /// <summary>The dotnet host: the one running the tests when the CLI says which, else dotnet on PATH.</summary>
    public static string Host =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>
    /// <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c> in <paramref name="workingDirectory"/>, its output
    /// redirected; the machine's <paramref name="dropInherited"/> variables removed so that only
    /// <paramref name="environment"/> (set after) decides where the app listens and what it reads.
    /// </summary>
    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments, string workingDirectory,
        IEnumerable<string> dropInherited, IEnumerable<KeyValuePair<string, string>> environment)
    {
        var start = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in dropInherited)
        {
            start.Environment.Remove(name);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return start;
    }
}
