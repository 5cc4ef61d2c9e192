using System.Text.Json.Nodes;
using Connectors.Abstractions;
using Connectors.OAuth2.Tests.Support;

namespace Connectors.OAuth2.Tests;

public class OAuth2ConfigValidatorTests
{
    private static IReadOnlyList<ConfigFieldError> Errors(JsonObject json)
    {
        var result = TestConfig.Validate(json);
        Assert.False(result.IsValid);
        Assert.Null(result.Config);
        return result.Errors;
    }

    private static ConfigFieldError SingleError(Action<JsonObject> edit)
    {
        var json = TestConfig.Minimal();
        edit(json);
        return Assert.Single(Errors(json));
    }

    [Fact]
    public void Validate_MinimalConfig_AppliesLogtoDefaults()
    {
        var config = TestConfig.Create();

        Assert.Equal(new Uri(TestConfig.AuthorizationEndpoint), config.AuthorizationEndpoint);
        Assert.Equal(new Uri(TestConfig.TokenEndpoint), config.TokenEndpoint);
        Assert.Equal(new Uri(TestConfig.UserInfoEndpoint), config.UserInfoEndpoint);
        Assert.Equal(TestConfig.ClientId, config.ClientId);
        Assert.Equal(TestConfig.ClientSecret, config.ClientSecret);
        Assert.Null(config.Scope);
        Assert.Equal(OAuth2TokenEndpointAuthMethod.ClientSecretPost, config.TokenEndpointAuthMethod);
        Assert.Equal(OAuth2TokenEndpointResponseType.QueryString, config.TokenEndpointResponseType);
        Assert.Empty(config.CustomConfig);
        Assert.Equal(new OAuth2ProfileMap("id", "email", "phone", "name", "avatar"), config.ProfileMap);
        Assert.False(config.UsePkce);
        Assert.Null(config.Issuer);
    }

    [Fact]
    public void Validate_EveryFieldSet_ReadsEachOne()
    {
        var config = TestConfig.Create(json =>
        {
            json["scope"] = "openid profile";
            json["responseType"] = "code";
            json["grantType"] = "authorization_code";
            json["tokenEndpointAuthMethod"] = "client_secret_basic";
            json["tokenEndpointResponseType"] = "json";
            json["customConfig"] = new JsonObject { ["accessType"] = "offline", ["prompt"] = "consent" };
            json["profileMap"] = new JsonObject { ["id"] = "sub", ["email"] = "mail", ["phone"] = "tel", ["name"] = "login", ["avatar"] = "picture.url" };
            json["usePkce"] = true;
            json["issuer"] = "https://provider.test";
        });

        Assert.Equal("openid profile", config.Scope);
        Assert.Equal(OAuth2TokenEndpointAuthMethod.ClientSecretBasic, config.TokenEndpointAuthMethod);
        Assert.Equal(OAuth2TokenEndpointResponseType.Json, config.TokenEndpointResponseType);
        Assert.Equal(["accessType", "prompt"], config.CustomConfig.Keys);
        Assert.Equal("offline", config.CustomConfig["accessType"]);
        Assert.Equal(new OAuth2ProfileMap("sub", "mail", "tel", "login", "picture.url"), config.ProfileMap);
        Assert.True(config.UsePkce);
        Assert.Equal("https://provider.test", config.Issuer);
    }

    [Fact]
    public void Validate_EmptyObject_ReportsEveryRequiredFieldAtOnce()
    {
        var errors = Errors([]);

        Assert.Equal(
            ["authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "clientId", "clientSecret"],
            errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Equal("Required.", e.Message));
    }

    [Fact]
    public void Validate_ManyBadFields_ReportsAllOfThem()
    {
        var json = TestConfig.Minimal();
        json["tokenEndpoint"] = "not a url";
        json["clientId"] = 42;
        json["tokenEndpointAuthMethod"] = "client_secret_jwt";
        json["tokenEndpointResponseType"] = "xml";
        json["customConfig"] = new JsonObject { ["access_type"] = 1 };
        json["profileMap"] = new JsonObject { ["id"] = true };
        json["usePkce"] = "yes";

        var fields = Errors(json).Select(e => e.Field).ToList();

        Assert.Equal(
            ["tokenEndpoint", "clientId", "tokenEndpointAuthMethod", "tokenEndpointResponseType", "customConfig.access_type", "profileMap.id", "usePkce"],
            fields);
    }

    [Theory]
    [InlineData("[]", "an array")]
    [InlineData("\"text\"", "a string")]
    [InlineData("null", "null")]
    public void Validate_NotAnObject_ReportsRoot(string json, string found)
    {
        var error = Assert.Single(OAuth2ConfigValidator.Validate(TestConfig.Element(json)).Errors);

        Assert.Equal("$", error.Field);
        Assert.Contains(found, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authorizationEndpoint")]
    [InlineData("tokenEndpoint")]
    [InlineData("userInfoEndpoint")]
    public void Validate_EndpointRelativeOrOtherScheme_IsFieldError(string field)
    {
        foreach (var bad in new[] { "/oauth/token", "provider.test/oauth", "ftp://provider.test/x", "file:///etc/passwd", "javascript:alert(1)", "" })
        {
            var error = SingleError(json => json[field] = bad);
            Assert.Equal(field, error.Field);
        }
    }

    [Fact]
    public void Validate_EndpointWithFragment_IsFieldError()
    {
        var error = SingleError(json => json["authorizationEndpoint"] = "https://provider.test/authorize#x");

        Assert.Equal("authorizationEndpoint", error.Field);
        Assert.Contains("fragment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PlainHttpAndQueryString_AreAccepted()
    {
        var config = TestConfig.Create(json =>
        {
            json["authorizationEndpoint"] = "http://localhost:8080/authorize?tenant=a";
            json["tokenEndpoint"] = "http://192.168.1.5/token";
        });

        Assert.Equal("http://localhost:8080/authorize?tenant=a", config.AuthorizationEndpoint.AbsoluteUri);
        Assert.Equal("http", config.TokenEndpoint.Scheme);
    }

    [Theory]
    [InlineData("authorizationEndpoint")]
    [InlineData("clientId")]
    [InlineData("clientSecret")]
    public void Validate_RequiredFieldWrongType_NamesTypeFound(string field)
    {
        var error = SingleError(json => json[field] = new JsonArray());

        Assert.Equal(field, error.Field);
        Assert.Equal("Must be a string, found an array.", error.Message);
    }

    [Theory]
    [InlineData("clientId")]
    [InlineData("clientSecret")]
    public void Validate_RequiredFieldEmptyOrNull_IsFieldError(string field)
    {
        Assert.Equal(field, SingleError(json => json[field] = "").Field);
        Assert.Equal(field, SingleError(json => json[field] = null).Field);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_ScopeUnsetOrBlank_IsNull(string? scope)
    {
        var config = TestConfig.Create(json => json["scope"] = scope);

        Assert.Null(config.Scope);
    }

    [Fact]
    public void Validate_ScopeNotString_IsFieldError()
    {
        var error = SingleError(json => json["scope"] = new JsonArray("openid"));

        Assert.Equal("scope", error.Field);
    }

    [Fact]
    public void Validate_ResponseTypeOtherThanCode_IsFieldError()
    {
        var error = SingleError(json => json["responseType"] = "token");

        Assert.Equal("responseType", error.Field);
        Assert.Contains("'code'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_GrantTypeOtherThanAuthorizationCode_IsFieldError()
    {
        var error = SingleError(json => json["grantType"] = "client_credentials");

        Assert.Equal("grantType", error.Field);
        Assert.Contains("'authorization_code'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("client_secret_post", OAuth2TokenEndpointAuthMethod.ClientSecretPost)]
    [InlineData("client_secret_basic", OAuth2TokenEndpointAuthMethod.ClientSecretBasic)]
    public void Validate_TokenEndpointAuthMethod_IsRead(string value, OAuth2TokenEndpointAuthMethod expected)
    {
        Assert.Equal(expected, TestConfig.Create(json => json["tokenEndpointAuthMethod"] = value).TokenEndpointAuthMethod);
    }

    [Fact]
    public void Validate_ClientSecretJwt_IsRefusedAsNotSupportedYet()
    {
        var error = SingleError(json => json["tokenEndpointAuthMethod"] = "client_secret_jwt");

        Assert.Equal("tokenEndpointAuthMethod", error.Field);
        Assert.Contains("not supported yet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownAuthMethod_IsFieldError()
    {
        var error = SingleError(json => json["tokenEndpointAuthMethod"] = "private_key_jwt");

        Assert.Equal("tokenEndpointAuthMethod", error.Field);
        Assert.DoesNotContain("not supported yet", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("query-string", OAuth2TokenEndpointResponseType.QueryString)]
    [InlineData("json", OAuth2TokenEndpointResponseType.Json)]
    public void Validate_TokenEndpointResponseType_IsRead(string value, OAuth2TokenEndpointResponseType expected)
    {
        Assert.Equal(expected, TestConfig.Create(json => json["tokenEndpointResponseType"] = value).TokenEndpointResponseType);
    }

    [Fact]
    public void Validate_TokenEndpointResponseTypeUnknown_IsFieldError()
    {
        Assert.Equal("tokenEndpointResponseType", SingleError(json => json["tokenEndpointResponseType"] = "JSON").Field);
    }

    [Fact]
    public void Validate_CustomConfigNonStringValues_NameEachKey()
    {
        var json = TestConfig.Minimal();
        json["customConfig"] = new JsonObject
        {
            ["access_type"] = 1,
            ["ok"] = "fine",
            ["nested"] = new JsonObject(),
            ["flag"] = false,
        };

        var errors = Errors(json);

        Assert.Equal(["customConfig.access_type", "customConfig.nested", "customConfig.flag"], errors.Select(e => e.Field));
        Assert.Equal("Must be a string, found a number.", errors[0].Message);
    }

    [Fact]
    public void Validate_CustomConfigNotAnObject_IsFieldError()
    {
        var error = SingleError(json => json["customConfig"] = "access_type=offline");

        Assert.Equal("customConfig", error.Field);
    }

    [Fact]
    public void Validate_CustomConfigKeyWithoutLettersOrDigits_IsFieldError()
    {
        var error = SingleError(json => json["customConfig"] = new JsonObject { ["--"] = "x" });

        Assert.Equal("customConfig.--", error.Field);
    }

    [Fact]
    public void Validate_CustomConfig_KeepsConfigOrder()
    {
        var config = TestConfig.Create(json => json["customConfig"] = new JsonObject { ["z"] = "1", ["a"] = "2", ["m"] = "3" });

        Assert.Equal(["z", "a", "m"], config.CustomConfig.Keys);
    }

    [Fact]
    public void Validate_ProfileMapPartial_DefaultsEachKeyToItsOwnName()
    {
        var config = TestConfig.Create(json => json["profileMap"] = new JsonObject { ["id"] = "sub", ["avatar"] = null });

        Assert.Equal(new OAuth2ProfileMap("sub", "email", "phone", "name", "avatar"), config.ProfileMap);
    }

    [Fact]
    public void Validate_ProfileMapBadEntries_NameEachPath()
    {
        var json = TestConfig.Minimal();
        json["profileMap"] = new JsonObject { ["id"] = "", ["email"] = 3, ["name"] = "login" };

        var errors = Errors(json);

        Assert.Equal(["profileMap.id", "profileMap.email"], errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_ProfileMapNotAnObject_IsFieldError()
    {
        Assert.Equal("profileMap", SingleError(json => json["profileMap"] = new JsonArray()).Field);
    }

    [Fact]
    public void Validate_UsePkceNotBoolean_IsFieldError()
    {
        var error = SingleError(json => json["usePkce"] = "true");

        Assert.Equal("usePkce", error.Field);
        Assert.Equal("Must be true or false, found a string.", error.Message);
    }

    [Theory]
    [InlineData("https://provider.test")]
    [InlineData("https://provider.test/")]
    [InlineData("https://Provider.test/realms/Acme")]
    [InlineData("http://localhost:8080/realms/dev")]
    public void Validate_Issuer_IsKeptExactlyAsWritten(string issuer)
    {
        var config = TestConfig.Create(json => json["issuer"] = issuer);

        Assert.Equal(issuer, config.Issuer);
    }

    [Theory]
    [InlineData("")]
    [InlineData("provider.test")]
    [InlineData("/realms/acme")]
    [InlineData("ftp://provider.test")]
    [InlineData("javascript:alert(1)")]
    [InlineData("https://provider.test/?tenant=a")]
    [InlineData("https://provider.test/#x")]
    public void Validate_IssuerNotAnAbsoluteHttpUrlWithoutQueryOrFragment_IsFieldError(string issuer)
    {
        var error = SingleError(json => json["issuer"] = issuer);

        Assert.Equal("issuer", error.Field);
    }

    [Fact]
    public void Validate_IssuerNotString_IsFieldError()
    {
        var error = SingleError(json => json["issuer"] = true);

        Assert.Equal("issuer", error.Field);
        Assert.Equal("Must be a string, found a boolean.", error.Message);
    }

    [Fact]
    public void Validate_IssuerNull_IsUnset()
    {
        Assert.Null(TestConfig.Create(json => json["issuer"] = null).Issuer);
    }

    [Fact]
    public void Validate_UnknownTopLevelKeys_AreIgnored()
    {
        var config = TestConfig.Create(json =>
        {
            json["clientSecretJwtSigningAlgorithm"] = "HS256";
            json["somethingElse"] = new JsonObject { ["x"] = 1 };
        });

        Assert.Equal(TestConfig.ClientId, config.ClientId);
    }

    [Fact]
    public void Validate_WrongTypesEverywhere_NeverThrows()
    {
        var json = new JsonObject();
        foreach (var field in new[] { "authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "clientId", "clientSecret", "scope", "responseType", "grantType", "tokenEndpointAuthMethod", "tokenEndpointResponseType", "customConfig", "profileMap", "usePkce", "issuer" })
        {
            json[field] = 12.5;
        }

        var errors = Errors(json);

        Assert.Equal(14, errors.Count);
    }

    [Fact]
    public void OAuth2ConnectorConfig_ToString_HidesClientSecret()
    {
        var config = TestConfig.Create(json => json["customConfig"] = new JsonObject { ["audience"] = "AUDIENCE-VALUE" });

        var text = config.ToString();

        Assert.Contains(TestConfig.ClientId, text, StringComparison.Ordinal);
        Assert.Contains("ClientSecret = ***", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestConfig.ClientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain("AUDIENCE-VALUE", text, StringComparison.Ordinal);
    }
}
