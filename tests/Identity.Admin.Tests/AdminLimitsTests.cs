using Identity.Admin.Definitions;

namespace Identity.Admin.Tests;

/// <summary>The bounds of <see cref="AdminLimits"/>, as <see cref="DefinitionValidator"/> enforces them for every admin door.</summary>
public class AdminLimitsTests
{
    private static ApplicationDefinition Web() => new()
    {
        Id = "web", Name = "Web", Type = "Traditional", Secret = "0123456789abcdef-secret",
        RedirectUris = ["https://web.example/callback"], PostLogoutRedirectUris = ["https://web.example/"], Scopes = ["api"],
    };

    private static DefinitionError Single(ApplicationDefinition app) => Assert.Single(DefinitionValidator.ValidateApplication(app));

    [Fact]
    public void ValidateApplication_AtEveryBound_IsValid()
    {
        var app = Web();
        app.Name = new string('n', AdminLimits.MaxNameLength);
        app.Secret = new string('s', AdminLimits.MaxSecretLength);
        app.RedirectUris = [.. Enumerable.Range(0, AdminLimits.MaxUris - 1).Select(i => $"https://web.example/cb/{i}"),
            "https://web.example/" + new string('a', AdminLimits.MaxUriLength - "https://web.example/".Length)];
        app.PostLogoutRedirectUris = [.. Enumerable.Range(0, AdminLimits.MaxUris).Select(i => $"https://web.example/out/{i}")];
        app.Scopes = [.. Enumerable.Range(0, AdminLimits.MaxScopes - 1).Select(i => $"scope{i}"), new string('x', AdminLimits.MaxScopeLength)];

        Assert.Empty(DefinitionValidator.ValidateApplication(app));
    }

    [Fact]
    public void ValidateApplication_NameOneOverTheBound_NamesTheFieldAndTheBound()
    {
        var app = Web();
        app.Name = new string('n', AdminLimits.MaxNameLength + 1);

        var error = Single(app);

        Assert.Equal("name", error.Path);
        Assert.Equal($"must be at most {AdminLimits.MaxNameLength} characters (got {AdminLimits.MaxNameLength + 1}).", error.Message);
    }

    [Fact]
    public void ValidateApplication_TooManyRedirectUris_IsOneErrorForTheList()
    {
        var app = Web();
        app.RedirectUris = [.. Enumerable.Range(0, 5_000).Select(i => $"not a uri {i}")];

        var error = Single(app);

        Assert.Equal("redirectUris", error.Path);
        Assert.Equal($"must have at most {AdminLimits.MaxUris} entries (got 5000).", error.Message);
    }

    [Theory]
    [InlineData("postLogoutRedirectUris")]
    [InlineData("scopes")]
    public void ValidateApplication_TooManyPostLogoutUrisOrScopes_NamesTheList(string field)
    {
        var app = Web();
        var many = Enumerable.Range(0, AdminLimits.MaxUris + 1).Select(i => $"https://web.example/{i}").ToList();
        if (field == "scopes") app.Scopes = [.. many.Select((_, i) => $"scope{i}")];
        else app.PostLogoutRedirectUris = many;

        Assert.Equal(field, Single(app).Path);
    }

    [Fact]
    public void ValidateApplication_AnOverlongUriOrScopeOrSecret_NamesTheEntry()
    {
        var app = Web();
        app.RedirectUris = ["https://web.example/callback", "https://web.example/" + new string('a', AdminLimits.MaxUriLength)];
        app.Scopes = ["api", new string('x', AdminLimits.MaxScopeLength + 1)];
        app.Secret = new string('s', AdminLimits.MaxSecretLength + 1);

        var errors = DefinitionValidator.ValidateApplication(app);

        Assert.Equal(["redirectUris[1]", "scopes[1]", "secret"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.StartsWith("must be at most ", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_SeedFile_NamesTheEntryAndTheFieldOfAnOverlongName()
    {
        var app = Web();
        app.Name = new string('n', 100_000);

        var error = Assert.Single(DefinitionValidator.Validate(new SeedFile { Applications = [app] }));

        Assert.Equal("applications[0] (web).name", error.Path);
    }

    [Fact]
    public void ValidateConnector_AnOverlongNameOrLogo_NamesTheField()
    {
        var connector = new ConnectorDefinition
        {
            Id = "c", ConnectorId = "none", Target = "t", Name = new string('n', AdminLimits.MaxNameLength + 1),
            Logo = "https://cdn.example/" + new string('l', AdminLimits.MaxUriLength),
        };

        var paths = DefinitionValidator.ValidateConnector(connector, []).Select(e => e.Path).ToList();

        Assert.Contains("name", paths);
        Assert.Contains("logo", paths);
    }
}
