using Identity.Server.Tests.Infrastructure;

namespace Identity.Server.Tests;

/// <summary><c>/api/sign-in-exp</c>: Logto's shape; changes show on the hosted pages at the next request.</summary>
public sealed class ManagementApiSignInExperienceTests(ManagementServerFactory server) : IClassFixture<ManagementServerFactory>
{
    [Fact]
    public async Task Get_ReturnsTheExperienceInLogtosShape()
    {
        using var http = await server.AdminClientAsync();
        await (await http.PatchJsonAsync("/api/sign-in-exp",
            """{"signInMode":"SignInAndRegister","signUp":{"identifiers":["username"],"password":true},"socialSignInConnectorTargets":["acme"],"socialSignIn":{"automaticAccountLinking":false}}""")).ExpectAsync(200);

        var experience = await (await http.GetAsync("/api/sign-in-exp")).ExpectAsync(200);

        Assert.Equal("SignInAndRegister", experience.Str("signInMode"));
        Assert.Equal(["username"], experience.GetProperty("signUp").GetProperty("identifiers").EnumerateArray().Select(i => i.GetString()));
        Assert.True(experience.GetProperty("signUp").GetProperty("password").GetBoolean());
        Assert.Equal(["acme"], experience.GetProperty("socialSignInConnectorTargets").EnumerateArray().Select(t => t.GetString()));
        Assert.False(experience.GetProperty("socialSignIn").GetProperty("automaticAccountLinking").GetBoolean());
    }

    [Fact]
    public async Task Patch_ChangesOnlyTheFieldsSent_AndTheHostedPageFollows()
    {
        using var http = await server.AdminClientAsync();
        await (await http.PatchJsonAsync("/api/sign-in-exp", """{"signInMode":"SignInAndRegister","socialSignInConnectorTargets":["acme"]}""")).ExpectAsync(200);
        using var browser = server.NewBrowser();
        Assert.True(await OffersRegistrationAsync(browser));

        var patched = await (await http.PatchJsonAsync("/api/sign-in-exp", """{"signInMode":"SignIn","socialSignIn":{"automaticAccountLinking":true}}""")).ExpectAsync(200);

        Assert.Equal("SignIn", patched.Str("signInMode"));
        Assert.True(patched.GetProperty("socialSignIn").GetProperty("automaticAccountLinking").GetBoolean());
        Assert.Equal(["acme"], patched.GetProperty("socialSignInConnectorTargets").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("SignIn", (await (await http.GetAsync("/api/sign-in-exp")).ExpectAsync(200)).Str("signInMode"));
        Assert.False(await OffersRegistrationAsync(browser));
        await (await http.PatchJsonAsync("/api/sign-in-exp", """{"signInMode":"SignInAndRegister","socialSignIn":{"automaticAccountLinking":false}}""")).ExpectAsync(200);
    }

    [Fact]
    public async Task Patch_UnknownSignInMode_Is400NamingIt()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync("/api/sign-in-exp", """{"signInMode":"Everything"}""")).ExpectAsync(400);

        Assert.Contains("Everything", problem.ErrorsFor("signInMode")[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_TargetWithoutAConnector_Is400NamingTheEntry_AndChangesNothing()
    {
        using var http = await server.AdminClientAsync();
        var before = (await (await http.GetAsync("/api/sign-in-exp")).ExpectAsync(200)).GetRawText();

        var problem = await (await http.PatchJsonAsync("/api/sign-in-exp",
            """{"signInMode":"Register","socialSignInConnectorTargets":["acme","nobody"]}""")).ExpectAsync(400);

        Assert.Contains("nobody", problem.ErrorsFor("socialSignInConnectorTargets[1]")[0], StringComparison.Ordinal);
        Assert.Equal(before, (await (await http.GetAsync("/api/sign-in-exp")).ExpectAsync(200)).GetRawText());
    }

    [Fact]
    public async Task Patch_TargetListedTwice_Is400()
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync("/api/sign-in-exp", """{"socialSignInConnectorTargets":["acme","acme"]}""")).ExpectAsync(400);

        Assert.Contains("twice", problem.ErrorsFor("socialSignInConnectorTargets[1]")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"signUp":{"identifiers":"username"}}""", "signUp.identifiers", "array")]
    [InlineData("""{"signUp":{"password":"yes"}}""", "signUp.password", "true or false")]
    [InlineData("""{"signInMode":""", "body", "not valid JSON")]
    public async Task Patch_MalformedBody_Is400NamingTheField(string body, string field, string message)
    {
        using var http = await server.AdminClientAsync();

        var problem = await (await http.PatchJsonAsync("/api/sign-in-exp", body)).ExpectAsync(400);

        Assert.Contains(message, Assert.Single(problem.ErrorsFor(field)), StringComparison.Ordinal);
    }

    /// <summary>Whether the hosted sign-in page offers "No account yet? Create account".</summary>
    private static async Task<bool> OffersRegistrationAsync(BrowserSession browser) =>
        (await browser.GoAsync("/sign-in")).Document.QuerySelector("p.switch a")?.TextContent.Trim() == "Create account";
}
