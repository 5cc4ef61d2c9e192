using System.Xml.Linq;

namespace Identity.Core.Tests;

/// <summary>
/// The house's rooms and which may use which (README, Development): references go one way, from the host towards the
/// core, so a newcomer finds each capability in its own project and no room reaches back into the one that hosts it.
/// </summary>
public sealed class ProjectReferencesTests
{
    private static readonly Dictionary<string, string[]> AllowedReferences = new()
    {
        ["Connectors.Abstractions"] = [],
        ["Connectors.OAuth2"] = ["Connectors.Abstractions"],
        ["Identity.Core"] = ["Connectors.Abstractions"],
        ["Identity.Data"] = ["Identity.Core"],
        ["Identity.Ui"] = ["Identity.Core"],
        ["Identity.Keys"] = ["Identity.Core", "Identity.Data"],
        ["Identity.Admin"] = ["Identity.Core", "Identity.Data"],
        ["Identity.AdminConsole"] = ["Identity.Admin", "Identity.Ui"],
        ["Identity.Cli"] = ["Identity.Core", "Identity.Data", "Identity.Keys", "Identity.Admin"],
        ["Identity.Server"] = ["Identity.Core", "Identity.Data", "Identity.Keys", "Identity.Admin", "Identity.AdminConsole", "Identity.Cli", "Identity.Ui", "Connectors.OAuth2"],
    };

    [Fact]
    public void EverySourceProject_ReferencesOnlyTheProjectsItMay()
    {
        var projects = SourceProjects();

        Assert.Equal(AllowedReferences.Keys.Order(), projects.Keys.Order());
        foreach (var (project, references) in projects)
        {
            Assert.True(references.ToHashSet().SetEquals(AllowedReferences[project]),
                $"{project} references [{string.Join(", ", references)}]; allowed: [{string.Join(", ", AllowedReferences[project])}].");
        }
    }

    [Fact]
    public void TheAllowedReferences_FormNoCycle()
    {
        var visiting = new HashSet<string>();
        var done = new HashSet<string>();
        foreach (var project in AllowedReferences.Keys)
        {
            Visit(project);
        }

        void Visit(string project)
        {
            if (done.Contains(project)) return;
            Assert.True(visiting.Add(project), $"{project} is part of a reference cycle.");
            foreach (var reference in AllowedReferences[project]) Visit(reference);
            visiting.Remove(project);
            done.Add(project);
        }
    }

    [Fact]
    public void NoTestProject_ReferencesAnotherOrBorrowsItsFiles()
    {
        // Shared test support lives in tests/Identity.Testing; a test project is never a library for another.
        foreach (var (project, references) in Projects("tests"))
        {
            var testProjects = references.Where(reference => reference.EndsWith(".Tests", StringComparison.Ordinal) || reference == "Identity.SecurityChecks");
            Assert.True(!testProjects.Any(), $"{project} references the test project(s) {string.Join(", ", testProjects)}.");
        }
        foreach (var path in Directory.GetFiles(Path.Combine(Root(), "tests"), "*.csproj", SearchOption.AllDirectories))
        {
            var linked = XDocument.Load(path).Descendants("Compile").Select(c => c.Attribute("Include")?.Value).OfType<string>()
                .Where(include => include.StartsWith("..", StringComparison.Ordinal));
            Assert.True(!linked.Any(), $"{Path.GetFileName(path)} compiles files of another project: {string.Join(", ", linked)}.");
        }
    }

    private static Dictionary<string, string[]> SourceProjects() => Projects("src");

    /// <summary>Each project under <paramref name="folder"/> and the names of the projects it references, read from its .csproj.</summary>
    private static Dictionary<string, string[]> Projects(string folder) =>
        Directory.GetFiles(Path.Combine(Root(), folder), "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path => XDocument.Load(path).Descendants("ProjectReference")
                    .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')))
                    .ToArray());

    private static string Root()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Identity.sln"))) root = root.Parent;
        Assert.NotNull(root);
        return root.FullName;
    }
}
