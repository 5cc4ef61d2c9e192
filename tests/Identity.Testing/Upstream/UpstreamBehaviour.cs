using System.Net;

namespace Identity.Testing;

/// <summary>How the fake provider answers; tests change it to stage each bad upstream.</summary>
public sealed class UpstreamBehaviour
{
    /// <summary>null: approve; otherwise the error sent back on the callback (e.g. access_denied).</summary>
    public string? AuthorizeError { get; set; }

    /// <summary>Send the callback as an auto-posting form (response_mode=form_post) instead of a redirect.</summary>
    public bool FormPost { get; set; }

    public HttpStatusCode TokenStatus { get; set; } = HttpStatusCode.OK;

    /// <summary>The token endpoint's body; {access_token} is replaced by the issued token.</summary>
    public string TokenBody { get; set; } = """{"access_token":"{access_token}","token_type":"bearer","expires_in":3600}""";

    public string TokenContentType { get; set; } = "application/json";

    public TimeSpan TokenDelay { get; set; }

    /// <summary>null: no <c>iss</c> on the callback (a provider without RFC 9207); otherwise the value sent, errors included.</summary>
    public string? CallbackIssuer { get; set; }

    /// <summary>
    /// Answer the token request with this status and a body echoing what was received (the Authorization header and the
    /// form), as a careless or hostile provider might: what a failure shows must not repeat it.
    /// </summary>
    public HttpStatusCode? EchoTokenRequestWith { get; set; }

    /// <summary>The user info document.</summary>
    public string UserInfo { get; set; } = """{"sub":"upstream-user-1","name":"Ada Lovelace","email":"ada@example.test","picture":"https://img.example.test/ada.png"}""";
}
