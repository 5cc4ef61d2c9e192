using Identity.Server.Security;
using Microsoft.AspNetCore.Http;

namespace Identity.Server.Tests;

/// <summary>Which answers must never be stored by a cache: tokens, personal data, the Management API.</summary>
public sealed class NoStoreResponsesTests
{
    [Theory]
    [InlineData("/oidc/token")]
    [InlineData("/oidc/token/introspection")]
    [InlineData("/oidc/token/revocation")]
    [InlineData("/oidc/me")]
    [InlineData("/api/applications/app-1/secret")]
    [InlineData("/api/users")]
    [InlineData("/API/logs")]
    [InlineData("/api/openapi.json")]
    public void Matches_TokensPersonalDataAndTheManagementApi(string path)
    {
        Assert.True(NoStoreResponses.Matches(new PathString(path)));
    }

    [Theory]
    [InlineData("/api/seed.schema.json")]
    [InlineData("/oidc/.well-known/openid-configuration")]
    [InlineData("/oidc/jwks")]
    [InlineData("/sign-in")]
    [InlineData("/apis")]
    [InlineData("/oidc/tokens")]
    public void Matches_NotPublicDocumentsOrPages(string path)
    {
        Assert.False(NoStoreResponses.Matches(new PathString(path)));
    }
}
