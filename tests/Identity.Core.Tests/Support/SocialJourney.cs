using Identity.Core.Social;

namespace Identity.Core.Tests.Support;

/// <summary>The browser's side of a social sign-in: click the button, come back from the provider, pick a username.</summary>
internal sealed class SocialJourney(CoreServices core)
{
    public static readonly Uri ServerBase = new("https://id.test/");

    public const string ReturnUrl = "/connect/authorize?client_id=app";

    public async Task<BrowserAttempt> StartAsync(string connectorId)
    {
        await using var request = core.Request();
        var start = await request.Social.StartAsync(connectorId, ReturnUrl, ServerBase, CancellationToken.None);
        Assert.NotNull(start);
        return new BrowserAttempt(core.Provider.AuthorizationRequests[^1].State, start.BrowserNonce);
    }

    /// <summary>The provider's redirect back, with its state, arriving from the browser holding <paramref name="browserNonce"/>.</summary>
    public async Task<SocialOutcome> CallbackAsync(string connectorId, string state, string? browserNonce)
    {
        await using var request = core.Request();
        var parameters = new Dictionary<string, string> { ["state"] = state, ["code"] = "code-from-provider" };
        return await request.Social.CompleteCallbackAsync(connectorId, parameters, browserNonce, CancellationToken.None);
    }

    public Task<SocialOutcome> CallbackAsync(string connectorId, BrowserAttempt attempt) => CallbackAsync(connectorId, attempt.State, attempt.BrowserNonce);

    /// <summary>Starts and completes one sign-in in one browser.</summary>
    public async Task<SocialOutcome> SignInAsync(string connectorId) => await CallbackAsync(connectorId, await StartAsync(connectorId));

    public async Task<(SocialOutcome? Outcome, IReadOnlyList<Accounts.FieldError> Errors)> PickUsernameAsync(string? browserNonce, string username)
    {
        await using var request = core.Request();
        return await request.Social.CompleteRegistrationAsync(browserNonce, username, CancellationToken.None);
    }
}
