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
        ["Identity.Admin"] = ["Identity.Core", "Identity.Data"],
        ["Identity.Server"] = ["Identity.Core", "Identity.Data", "Identity.Admin", "Identity.Ui", "Connectors.OAuth2"],
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

    /// <summary>Each project under src/ and the names of the projects it references, read from its .csproj.</summary>
    private static Dictionary<string, string[]> SourceProjects()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Identity.sln"))) root = root.Parent;
        Assert.NotNull(root);
        return Directory.GetFiles(Path.Combine(root.FullName, "src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path => XDocument.Load(path).Descendants("ProjectReference")
                    .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value.Replace('\\', '/')))
                    .ToArray());
    }
}
