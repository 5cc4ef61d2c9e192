namespace Identity.SecurityChecks.Infrastructure;

/// <summary>
/// A check server with Logto's OAuth2 connector pointed at a fake provider on 127.0.0.1 (started first, since the seed
/// names its endpoints): <see cref="Plain"/> as Logto configures it, <see cref="Strict"/> with the provider's RFC 9207
/// issuer and PKCE, <see cref="Basic"/> sending its credentials in a Basic header. Automatic account linking is on, so
/// the checks can prove it still never merges silently. <see cref="PostgresSocialCheckServer"/> runs it on PostgreSQL.
/// </summary>
public class SocialCheckServer : CheckServer
{
    public const string Plain = "oauth2-plain";
    public const string Strict = "oauth2-strict";
    public const string Basic = "oauth2-basic";

    public FakeUpstream Upstream { get; private set; } = null!;

    protected override string SeedJson => CheckSeed.Json.TrimEnd().TrimEnd('}') + $$"""
          ,
          "connectors": [
            { "id": "{{Plain}}", "connectorId": "oauth2", "target": "plain", "name": "OAuth2", "config": {{Upstream.ConnectorConfig()}} },
            { "id": "{{Strict}}", "connectorId": "oauth2", "target": "strict", "name": "Strict",
              "config": {{Upstream.ConnectorConfig(issuer: Upstream.Issuer, usePkce: true)}} },
            { "id": "{{Basic}}", "connectorId": "oauth2", "target": "basic", "name": "Basic",
              "config": {{Upstream.ConnectorConfig(authMethod: "client_secret_basic")}} }
          ],
          "signInExperience": {
            "signUp": { "identifiers": [], "password": false },
            "socialSignInConnectorTargets": ["plain", "strict", "basic"],
            "socialSignIn": { "automaticAccountLinking": true }
          }
        }
        """;

    public override async Task InitializeAsync()
    {
        Upstream = await FakeUpstream.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Upstream.DisposeAsync();
    }

    /// <summary>A browser that also follows redirects to and from the fake provider.</summary>
    public BrowserSession NewSocialBrowser() => NewBrowser(Upstream.BaseAddress);

    /// <summary>Clicks "Continue with …" on the sign-in page and follows the journey wherever it ends.</summary>
    public static async Task<PageResult> ContinueWithAsync(BrowserSession browser, string connectorId)
    {
        var page = await browser.GoAsync("/sign-in");
        var action = page.Document.QuerySelector($"form[action^='/social/{connectorId}']")?.GetAttribute("action")
            ?? throw new InvalidOperationException($"No button for {connectorId} on the sign-in page:\n{page.Html}");
        return await browser.SubmitAsync(page, new Dictionary<string, string>(), formAction: action);
    }
}
