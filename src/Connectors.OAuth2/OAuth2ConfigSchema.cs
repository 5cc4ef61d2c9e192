using System.Text.Json.Nodes;

namespace Connectors.OAuth2;

/// <summary>The JSON Schema (draft 2020-12) of the connector's configuration, for admin tools and editors.</summary>
internal static class OAuth2ConfigSchema
{
    private static readonly JsonObject Schema = Build();

    /// <summary>A fresh copy each time, so a caller that edits it cannot change what others see.</summary>
    public static JsonObject Create() => (JsonObject)Schema.DeepClone();

    private static JsonObject Build() => new()
    {
        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
        ["title"] = "OAuth 2.0 connector",
        ["description"] = "Logto-compatible configuration of a generic OAuth 2.0 (authorization code) social connector.",
        ["type"] = "object",
        ["required"] = new JsonArray("authorizationEndpoint", "tokenEndpoint", "userInfoEndpoint", "clientId", "clientSecret"),
        ["properties"] = new JsonObject
        {
            ["authorizationEndpoint"] = Endpoint("The provider's authorization endpoint, where the user's browser is sent."),
            ["tokenEndpoint"] = Endpoint("The provider's token endpoint, where the authorization code is exchanged."),
            ["userInfoEndpoint"] = Endpoint("The provider's user info endpoint, read with the access token (GET)."),
            ["clientId"] = new JsonObject
            {
                ["type"] = "string",
                ["minLength"] = 1,
                ["description"] = "The client id registered at the provider.",
            },
            ["clientSecret"] = new JsonObject
            {
                ["type"] = "string",
                ["minLength"] = 1,
                ["writeOnly"] = true,
                ["description"] = "The client secret registered at the provider. Required, as in Logto; stored encrypted.",
            },
            ["scope"] = new JsonObject
            {
                ["type"] = "string",
                ["description"] = "Space-separated scopes to request. When unset, no scope parameter is sent.",
            },
            ["responseType"] = new JsonObject
            {
                ["const"] = "code",
                ["default"] = "code",
                ["description"] = "The OAuth 2.0 response type; only the authorization code flow is supported.",
            },
            ["grantType"] = new JsonObject
            {
                ["const"] = "authorization_code",
                ["default"] = "authorization_code",
                ["description"] = "The grant used at the token endpoint; only authorization_code is supported.",
            },
            ["tokenEndpointAuthMethod"] = new JsonObject
            {
                ["enum"] = new JsonArray("client_secret_post", "client_secret_basic"),
                ["default"] = "client_secret_post",
                ["description"] = "How the client authenticates at the token endpoint: in the form body, or with HTTP Basic "
                    + "(id and secret form-encoded first, per RFC 6749 section 2.3.1). client_secret_jwt is not supported yet.",
            },
            ["tokenEndpointResponseType"] = new JsonObject
            {
                ["enum"] = new JsonArray("query-string", "json"),
                ["default"] = "query-string",
                ["description"] = "How the token endpoint encodes its answer. A body that is plainly the other kind is still read.",
            },
            ["customConfig"] = new JsonObject
            {
                ["type"] = "object",
                ["additionalProperties"] = new JsonObject { ["type"] = "string" },
                ["default"] = new JsonObject(),
                ["description"] = "Extra parameters added to both the authorization URL and the token request. Keys are sent "
                    + "snake_cased (accessType becomes access_type) and replace same-named parameters.",
            },
            ["profileMap"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Where each profile field is read in the user info: a dot-separated path (data.id); a numeric "
                    + "segment indexes an array (items.0.id).",
                ["properties"] = new JsonObject
                {
                    ["id"] = ProfilePath("id", "The user's stable id; must be a string or an integer."),
                    ["email"] = ProfilePath("email", "The email address."),
                    ["phone"] = ProfilePath("phone", "The phone number."),
                    ["name"] = ProfilePath("name", "The display name."),
                    ["avatar"] = ProfilePath("avatar", "The avatar URL."),
                },
                ["default"] = new JsonObject
                {
                    ["id"] = "id",
                    ["email"] = "email",
                    ["phone"] = "phone",
                    ["name"] = "name",
                    ["avatar"] = "avatar",
                },
            },
            ["usePkce"] = new JsonObject
            {
                ["type"] = "boolean",
                ["default"] = false,
                ["description"] = "Send a PKCE (S256) code challenge and verifier. Not in Logto's connector.",
            },
            ["issuer"] = new JsonObject
            {
                ["type"] = "string",
                ["format"] = "uri",
                ["pattern"] = "^[Hh][Tt][Tt][Pp][Ss]?://[^?#]+$",
                ["description"] = "The provider's issuer identifier (RFC 9207). When set, a callback whose iss parameter is missing "
                    + "or differs (exact string comparison) is refused before the code is exchanged. Leave it out for providers "
                    + "that do not send iss. An absolute http or https URL without query or fragment. Not in Logto's connector.",
            },
        },

        // Logto's admin console stores extra keys (e.g. clientSecretJwtSigningAlgorithm); they are accepted and ignored.
        ["additionalProperties"] = true,
    };

    private static JsonObject Endpoint(string description) => new()
    {
        ["type"] = "string",
        ["format"] = "uri",
        ["pattern"] = "^[Hh][Tt][Tt][Pp][Ss]?://",
        ["description"] = description + " An absolute http or https URL without a fragment.",
    };

    private static JsonObject ProfilePath(string defaultPath, string description) => new()
    {
        ["type"] = "string",
        ["minLength"] = 1,
        ["default"] = defaultPath,
        ["description"] = description,
    };
}
