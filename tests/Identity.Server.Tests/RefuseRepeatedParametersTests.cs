using Identity.Server.Oidc;
using Microsoft.Extensions.Primitives;
using OpenIddict.Abstractions;

namespace Identity.Server.Tests;

/// <summary>The rule of RFC 6749 3.1, decided in one place: which repeated parameter a request is refused for.</summary>
public sealed class RefuseRepeatedParametersTests
{
    private static OpenIddictRequest Request(params (string Name, string[] Values)[] parameters) =>
        new(parameters.Select(p => new KeyValuePair<string, StringValues>(p.Name, new StringValues(p.Values))));

    [Theory]
    [InlineData("state")]
    [InlineData("scope")]
    [InlineData("prompt")]
    [InlineData("nonce")]
    [InlineData("client_id")]
    [InlineData("redirect_uri")]
    [InlineData("code")]
    [InlineData("an_extension_parameter")]
    public void FindRepeated_AParameterSentTwice_IsNamed(string name)
    {
        var request = Request(("response_type", ["code"]), (name, ["first", "second"]));

        Assert.Equal(name, RefuseRepeatedParameters.FindRepeated(request));
    }

    [Fact]
    public void FindRepeated_RepeatedResource_IsAllowed()
    {
        var request = Request(("resource", ["https://api.one.example", "https://api.two.example"]), ("scope", ["openid"]));

        Assert.Null(RefuseRepeatedParameters.FindRepeated(request));
    }

    [Fact]
    public void FindRepeated_OneValueEach_SpaceSeparatedListsIncluded_FindsNothing()
    {
        var request = Request(("scope", ["openid profile offline_access"]), ("prompt", ["login consent"]), ("state", ["s"]));

        Assert.Null(RefuseRepeatedParameters.FindRepeated(request));
    }

    [Fact]
    public void Description_NamesTheParameter()
    {
        Assert.Equal("The 'state' parameter must not be included more than once.", RefuseRepeatedParameters.Description("state"));
    }
}
