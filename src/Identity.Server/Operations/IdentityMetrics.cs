using System.Diagnostics.Metrics;
using Identity.Core.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Identity.Server.Operations;

/// <summary>
/// The server's own instruments, on the <c>Identity</c> meter. Every tag value comes from a closed set (no user name,
/// client id or free text), so the number of series stays small whatever callers send. Token endpoint latency is not
/// measured here: ASP.NET Core's <c>http.server.request.duration</c> has it, tagged <c>http.route="oidc/token"</c>.
/// </summary>
public sealed class IdentityMetrics
{
    public const string MeterName = "Identity";

    private static readonly HashSet<string> KnownGrantTypes =
        [GrantTypes.AuthorizationCode, GrantTypes.RefreshToken, GrantTypes.ClientCredentials];

    private readonly Counter<long> _signIns;
    private readonly Counter<long> _signInFailures;
    private readonly Counter<long> _signUps;
    private readonly Counter<long> _tokenGrants;
    private readonly Counter<long> _pruned;

    public IdentityMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _signIns = meter.CreateCounter<long>("identity.sign_ins", description: "Sign-in attempts on the hosted pages, by outcome and method.");
        _signInFailures = meter.CreateCounter<long>("identity.sign_in.failures", description: "Failed sign-ins, by method and reason.");
        _signUps = meter.CreateCounter<long>("identity.sign_ups", description: "Accounts created by users, by method.");
        _tokenGrants = meter.CreateCounter<long>("identity.token.grants",
            description: "Token endpoint responses, by grant type, outcome (success or the OAuth error code) and path (direct or OpenIddict's pipeline).");
        _pruned = meter.CreateCounter<long>("identity.cleanup.pruned", description: "Rows removed by the background cleanup, by kind.");
    }

    /// <summary>"password" or "social", from the amr value the account service records.</summary>
    public static string MethodName(string? method) => method switch
    {
        AccountService.PasswordMethod => "password",
        AccountService.SocialMethod => "social",
        _ => "other",
    };

    public void SignInSucceeded(string? method) =>
        _signIns.Add(1, new("outcome", "success"), new("method", MethodName(method)));

    public void SignInFailed(string? method, string? reason)
    {
        var name = MethodName(method);
        _signIns.Add(1, new("outcome", "failure"), new("method", name));
        _signInFailures.Add(1, new("method", name), new("reason", Bounded(reason)));
    }

    public void SignedUp(string? method) => _signUps.Add(1, new KeyValuePair<string, object?>("method", MethodName(method)));

    /// <param name="direct">Answered ahead of OpenIddict's pipeline (see <c>DirectClientCredentials</c>): tag <c>path</c>.</param>
    public void TokenResponse(string? grantType, string? error, bool direct = false) =>
        _tokenGrants.Add(1,
            new("grant_type", grantType is not null && KnownGrantTypes.Contains(grantType) ? grantType : "other"),
            new("outcome", error is null ? "success" : Bounded(error)),
            new("path", direct ? "direct" : "pipeline"));

    public void RecordCleanup(CleanupResult result)
    {
        _pruned.Add(result.Tokens, new KeyValuePair<string, object?>("kind", "tokens"));
        _pruned.Add(result.Authorizations, new KeyValuePair<string, object?>("kind", "authorizations"));
        _pruned.Add(result.Sessions, new KeyValuePair<string, object?>("kind", "sessions"));
        _pruned.Add(result.SocialAttempts, new KeyValuePair<string, object?>("kind", "social_attempts"));
        _pruned.Add(result.AccessTokenRevocations, new KeyValuePair<string, object?>("kind", "access_token_revocations"));
    }

    // Reasons and error codes are identifiers from our code or OpenIddict's; anything else is folded into "other".
    private static string Bounded(string? value) =>
        value is { Length: > 0 and <= 40 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') ? value : "other";
}
