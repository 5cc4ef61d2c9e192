using Identity.Admin.Definitions;

namespace Identity.Admin.Tests;

public class DefinitionValidatorTests
{
    private const string Secret = "0123456789abcdef-secret"; // 23 characters

    private static ApplicationDefinition Traditional(string? id = "bookstore") => new()
    {
        Id = id,
        Name = "Bookstore",
        Type = "Traditional",
        Secret = Secret,
        RedirectUris = ["https://bookstore.example/callback"],
        PostLogoutRedirectUris = ["https://bookstore.example/"],
    };

    private static ApplicationDefinition Spa(string? id = "dashboard") => new()
    {
        Id = id,
        Name = "Dashboard",
        Type = "SPA",
        RedirectUris = ["http://localhost:3000/callback"],
        PostLogoutRedirectUris = ["http://localhost:3000/"],
    };

    private static ApplicationDefinition Native(string? id = "mobile") => new()
    {
        Id = id,
        Name = "Mobile app",
        Type = "Native",
        RedirectUris = ["io.logto://callback"],
    };

    private static ApplicationDefinition MachineToMachine(string? id = "worker") => new()
    {
        Id = id,
        Name = "Worker",
        Type = "MachineToMachine",
        Secret = Secret,
        Scopes = ["management"],
    };

    private static ApplicationDefinition Of(string type) => type switch
    {
        "Traditional" => Traditional(),
        "SPA" => Spa(),
        "Native" => Native(),
        "MachineToMachine" => MachineToMachine(),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static IReadOnlyList<DefinitionError> Validate(params ApplicationDefinition?[] applications) =>
        DefinitionValidator.Validate(new SeedFile { Applications = [.. applications.Select(a => a!)] });

    private static DefinitionError AssertSingleError(IReadOnlyList<DefinitionError> errors, string path, params string[] messageParts)
    {
        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        foreach (var part in messageParts)
        {
            Assert.Contains(part, error.Message, StringComparison.Ordinal);
        }
        return error;
    }

    [Fact]
    public void Validate_FullyValidFile_NoErrors()
    {
        var errors = Validate(Traditional(), Spa(), Native(), MachineToMachine());

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_NoApplications_NoErrors()
    {
        Assert.Empty(DefinitionValidator.Validate(new SeedFile()));
        Assert.Empty(DefinitionValidator.Validate(new SeedFile { Applications = [] }));
    }

    [Fact]
    public void Validate_NullEntry_NamesTheEntry()
    {
        var errors = Validate(Traditional(), null);

        AssertSingleError(errors, "applications[1]", "empty");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_MissingId_IdRequired(string? id)
    {
        var errors = Validate(Traditional(id));

        var error = Assert.Single(errors);
        Assert.EndsWith(".id", error.Path, StringComparison.Ordinal);
        Assert.StartsWith("applications[0]", error.Path, StringComparison.Ordinal);
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MissingId_PathHasIndexOnly()
    {
        AssertSingleError(Validate(Traditional(id: null)), "applications[0].id", "is required");
    }

    [Theory]
    [InlineData("book store")]
    [InlineData("book/store")]
    [InlineData("bööks")]
    [InlineData("book:store")]
    [InlineData("book@store")]
    public void Validate_IdWithBadCharacters_Refused(string id)
    {
        AssertSingleError(Validate(Traditional(id)), $"applications[0] ({id}).id", "letters, digits", "'-'", "'_'", "'.'");
    }

    [Fact]
    public void Validate_IdLongerThan100_Refused()
    {
        var id = new string('a', 101);

        AssertSingleError(Validate(Traditional(id)), $"applications[0] ({id}).id", "at most 100");
    }

    [Theory]
    [InlineData("bookstore")]
    [InlineData("Book-Store_2.0")]
    [InlineData("a")]
    public void Validate_IdOfLettersDigitsDashUnderscoreDot_Accepted(string id)
    {
        Assert.Empty(Validate(Traditional(id)));
    }

    [Fact]
    public void Validate_Id100Characters_Accepted()
    {
        Assert.Empty(Validate(Traditional(new string('a', 100))));
    }

    [Fact]
    public void Validate_DuplicateId_ReportedOnTheSecondEntry()
    {
        var errors = Validate(Traditional("bookstore"), Spa("dashboard"), Spa("bookstore"));

        AssertSingleError(errors, "applications[2] (bookstore).id", "'bookstore'", "another application");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_MissingName_NameRequired(string? name)
    {
        var app = Traditional();
        app.Name = name;

        AssertSingleError(Validate(app), "applications[0] (bookstore).name", "is required");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Web")]
    [InlineData("spa")]
    [InlineData("traditional")]
    [InlineData("Machine")]
    public void Validate_UnknownType_RefusedListingValidTypes(string? type)
    {
        var app = Traditional();
        app.Type = type;

        AssertSingleError(Validate(app), "applications[0] (bookstore).type",
            "Traditional, SPA, Native, MachineToMachine", $"(got '{type}')");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("3")]
    [InlineData("42")]
    [InlineData("-1")]
    public void Validate_NumericType_Refused(string type)
    {
        var app = Traditional();
        app.Type = type;

        AssertSingleError(Validate(app), "applications[0] (bookstore).type", $"(got '{type}')");
    }

    [Theory]
    [InlineData("SPA, Native")]
    [InlineData("Traditional,SPA")]
    [InlineData(" SPA")]
    [InlineData("SPA ")]
    public void Validate_TypeThatIsNotExactlyOneName_Refused(string type)
    {
        var app = Spa();
        app.Type = type;

        AssertSingleError(Validate(app), "applications[0] (dashboard).type", $"(got '{type}')");
    }

    [Theory]
    [InlineData("Traditional")]
    [InlineData("MachineToMachine")]
    public void Validate_ConfidentialTypeWithoutSecret_SecretRequired(string type)
    {
        foreach (var secret in new[] { null, "" })
        {
            var app = Of(type);
            app.Secret = secret;

            AssertSingleError(Validate(app), $"applications[0] ({app.Id}).secret", "is required", type);
        }
    }

    [Theory]
    [InlineData("Traditional")]
    [InlineData("MachineToMachine")]
    public void Validate_ConfidentialTypeWithShortSecret_Refused(string type)
    {
        var app = Of(type);
        app.Secret = new string('s', 15);

        AssertSingleError(Validate(app), $"applications[0] ({app.Id}).secret", "at least 16 characters");
    }

    [Fact]
    public void Validate_Secret16Characters_Accepted()
    {
        var app = Traditional();
        app.Secret = new string('s', 16);

        Assert.Empty(Validate(app));
    }

    [Theory]
    [InlineData("SPA")]
    [InlineData("Native")]
    public void Validate_PublicTypeWithSecret_Refused(string type)
    {
        var app = Of(type);
        app.Secret = Secret;

        AssertSingleError(Validate(app), $"applications[0] ({app.Id}).secret", type, "public", "remove");
    }

    [Theory]
    [InlineData("Traditional")]
    [InlineData("SPA")]
    [InlineData("Native")]
    public void Validate_UserFacingTypeWithoutRedirectUris_Refused(string type)
    {
        foreach (List<string>? uris in new[] { null, new List<string>() })
        {
            var app = Of(type);
            app.RedirectUris = uris;

            AssertSingleError(Validate(app), $"applications[0] ({app.Id}).redirectUris", type, "at least one redirect URI");
        }
    }

    [Fact]
    public void Validate_MachineToMachineWithRedirectUris_Refused()
    {
        var app = MachineToMachine();
        app.RedirectUris = ["https://worker.example/callback"];

        AssertSingleError(Validate(app), "applications[0] (worker).redirectUris", "MachineToMachine", "remove its redirect URIs");
    }

    [Fact]
    public void Validate_MachineToMachineWithEmptyRedirectUris_Accepted()
    {
        var app = MachineToMachine();
        app.RedirectUris = [];

        Assert.Empty(Validate(app));
    }

    [Theory]
    [InlineData("callback")]
    [InlineData("bookstore.example/callback")]
    [InlineData("../callback")]
    [InlineData("https://")]
    public void Validate_RelativeRedirectUri_Refused(string uri)
    {
        var app = Traditional();
        app.RedirectUris = ["https://bookstore.example/callback", uri];

        AssertSingleError(Validate(app), "applications[0] (bookstore).redirectUris[1]", $"'{uri}'", "not an absolute URI");
    }

    [Theory]
    [InlineData("/callback")]
    [InlineData("/")]
    [InlineData("//bookstore.example/callback")]
    [InlineData("C:\\callback")]
    [InlineData("file:///etc/passwd")]
    public void Validate_PathOrFileRedirectUri_Refused(string uri)
    {
        var app = Traditional();
        app.RedirectUris = [uri];

        AssertSingleError(Validate(app), "applications[0] (bookstore).redirectUris[0]", $"'{uri}'");
    }

    [Theory]
    [InlineData("https://bookstore.example/callback?iss=https%3A%2F%2Fevil.example")]
    [InlineData("https://bookstore.example/callback?tenant=a&iss=x")]
    public void Validate_RedirectUriWithAnIssParameter_Refused(string uri)
    {
        var app = Traditional();
        app.RedirectUris = [uri];

        AssertSingleError(Validate(app), "applications[0] (bookstore).redirectUris[0]", $"'{uri}'", "'iss'");
    }

    [Theory]
    [InlineData("https://bookstore.example/callback#section")]
    [InlineData("https://bookstore.example/callback#")]
    [InlineData("io.logto://callback#x")]
    public void Validate_RedirectUriWithFragment_Refused(string uri)
    {
        var app = Traditional();
        app.RedirectUris = [uri];

        AssertSingleError(Validate(app), "applications[0] (bookstore).redirectUris[0]", $"'{uri}'", "fragment");
    }

    [Theory]
    [InlineData("http://example.com/cb")]
    [InlineData("HTTP://EXAMPLE.COM/cb")]
    [InlineData("http://localhost.evil.example/cb")]
    [InlineData("http://192.168.1.10/cb")]
    [InlineData("http://0.0.0.0/cb")]
    public void Validate_PlainHttpOnNonLoopbackHost_Refused(string uri)
    {
        var app = Spa();
        app.RedirectUris = [uri];

        AssertSingleError(Validate(app), "applications[0] (dashboard).redirectUris[0]", $"'{uri}'", "plain http", "loopback");
    }

    [Theory]
    [InlineData("http://localhost:3000/cb")]
    [InlineData("http://localhost/cb")]
    [InlineData("http://127.0.0.1/cb")]
    [InlineData("http://127.0.0.1:8080/cb")]
    [InlineData("http://[::1]:5000/cb")]
    [InlineData("https://example.com/cb")]
    [InlineData("https://app.example:8443/cb?x=1")]
    public void Validate_HttpsOrLoopbackHttp_Accepted(string uri)
    {
        var app = Spa();
        app.RedirectUris = [uri];

        Assert.Empty(Validate(app));
    }

    [Theory]
    [InlineData("io.logto://callback")]
    [InlineData("com.example.app:/oauth2redirect")]
    [InlineData("myapp://auth/callback")]
    public void Validate_CustomSchemeForNative_Accepted(string uri)
    {
        var app = Native();
        app.RedirectUris = [uri];
        app.PostLogoutRedirectUris = [uri];

        Assert.Empty(Validate(app));
    }

    [Fact]
    public void Validate_BadPostLogoutRedirectUri_NamesThatList()
    {
        var app = Traditional();
        app.PostLogoutRedirectUris = ["https://bookstore.example/", "http://bookstore.example/"];

        AssertSingleError(Validate(app), "applications[0] (bookstore).postLogoutRedirectUris[1]", "plain http");
    }

    [Theory]
    [InlineData("read write")]
    [InlineData("read\twrite")]
    [InlineData(" management")]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_ScopeWithSpaceOrEmpty_Refused(string scope)
    {
        var app = MachineToMachine();
        app.Scopes = ["management", scope];

        AssertSingleError(Validate(app), "applications[0] (worker).scopes[1]", "one word without spaces");
    }

    [Theory]
    [InlineData("management")]
    [InlineData("read:orders")]
    [InlineData("offline_access")]
    public void Validate_OneWordScope_Accepted(string scope)
    {
        var app = Traditional();
        app.Scopes = [scope];

        Assert.Empty(Validate(app));
    }

    [Fact]
    public void Validate_SeveralProblems_AllReportedWithTheirEntry()
    {
        var bad = Traditional("bookstore");
        bad.Name = null;
        bad.Secret = "short";
        bad.RedirectUris = ["http://example.com/cb", "https://bookstore.example/cb#x"];
        var alsoBad = Spa("dashboard");
        alsoBad.Secret = Secret;

        var errors = Validate(bad, Native(), alsoBad);

        Assert.Equal(
            [
                "applications[0] (bookstore).name",
                "applications[0] (bookstore).secret",
                "applications[0] (bookstore).redirectUris[0]",
                "applications[0] (bookstore).redirectUris[1]",
                "applications[2] (dashboard).secret",
            ],
            errors.Select(e => e.Path).ToArray());
    }

    [Fact]
    public void Validate_InvalidType_StopsCheckingTypeDependentRules()
    {
        var app = new ApplicationDefinition { Id = "x", Name = "X", Type = "Unknown", Secret = "short" };

        AssertSingleError(Validate(app), "applications[0] (x).type", "(got 'Unknown')");
    }

    [Fact]
    public void SeedError_ToString_PathColonMessage()
    {
        Assert.Equal("applications[0] (bookstore).name: is required.", new DefinitionError("applications[0] (bookstore).name", "is required.").ToString());
    }

    [Theory]
    [InlineData("io.logto://callback")]
    [InlineData("com.example.app:/oauth2redirect")]
    public void Validate_CustomSchemeOnAWebApplication_Refused(string uri)
    {
        var app = Spa();
        app.RedirectUris = [uri];

        AssertSingleError(Validate(app), "applications[0] (dashboard).redirectUris[0]", $"'{uri}'", "Native");
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("vbscript:msgbox(1)")]
    public void Validate_ScriptOrDataRedirectUri_RefusedEvenForNative(string uri)
    {
        var app = Native();
        app.RedirectUris = [uri];

        AssertSingleError(Validate(app), "applications[0] (mobile).redirectUris[0]", $"'{uri}'", "never a safe redirect");
    }
}
