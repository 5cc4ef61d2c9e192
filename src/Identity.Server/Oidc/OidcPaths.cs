namespace Identity.Server.Oidc;

/// <summary>
/// The protocol surface, laid out like Logto's so its SDKs find everything: the issuer is <c>{base}/oidc</c> and
/// every endpoint is relative to it.
/// </summary>
public static class OidcPaths
{
    public const string Prefix = "/oidc";
    public const string Configuration = ".well-known/openid-configuration";
    public const string Authorization = "auth";
    public const string Token = "token";
    public const string UserInfo = "me";
    public const string EndSession = "session/end";
    public const string Revocation = "token/revocation";
    public const string Introspection = "token/introspection";
    public const string Jwks = "jwks";

    /// <summary>Absolute request paths, for routing the passthrough controllers.</summary>
    public const string AuthorizationRoute = Prefix + "/" + Authorization;
    public const string TokenRoute = Prefix + "/" + Token;
    public const string UserInfoRoute = Prefix + "/" + UserInfo;
    public const string EndSessionRoute = Prefix + "/" + EndSession;
}
