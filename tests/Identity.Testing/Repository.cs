using System.Reflection;

namespace Identity.Testing;

/// <summary>Where things are in this repository, as seen from a test assembly in its bin folder.</summary>
public static class Repository
{
    private static readonly Lazy<DirectoryInfo> LazyRoot = new(FindRoot);

    /// <summary>The folder holding Identity.sln.</summary>
    public static DirectoryInfo Root => LazyRoot.Value;

    /// <summary>
    /// The configuration the tests were built in (Debug locally, Release in CI): a project reference builds this library
    /// in the configuration of the test project that references it.
    /// </summary>
    public static string Configuration =>
        typeof(Repository).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? throw new InvalidOperationException("Identity.Testing does not say which configuration it was built in.");

    /// <summary>
    /// {project}/bin/{configuration}/net10.0/{dll}, built by a project reference in the same configuration as the
    /// tests; fails with how to build it when it is missing.
    /// </summary>
    /// <param name="project">The project's folder, relative to the repository root (e.g. <c>samples/Bookstore</c>).</param>
    public static string BuildOutput(string project, string dll)
    {
        var path = Path.Combine([Root.FullName, .. project.Split('/'), "bin", Configuration, "net10.0", dll]);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{dll} is not built at {path}; run `dotnet build Identity.sln -c {Configuration}`.", path);
    }

    private static DirectoryInfo FindRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Identity.sln")))
        {
            root = root.Parent;
        }
        return root ?? throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Identity.sln.");
    }
}
