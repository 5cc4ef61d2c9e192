using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Identity.EndToEnd.Tests;

/// <summary>What every browser journey here checks or needs, whichever way the person signs in.</summary>
internal static class Journey
{
    public static ILocator Heading(IPage page, string name) =>
        page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true });

    /// <summary>
    /// Waits for the browser to land on the app's callback page, then checks what the app received: a code, its own
    /// state back, and the server's issuer (RFC 9207), with no error.
    /// </summary>
    public static async Task<(string Code, IReadOnlyDictionary<string, string?> Query)> ExpectCallbackAsync(
        IPage page, ServerProcess server, AuthorizationRequest request)
    {
        await Expect(Heading(page, "Callback received")).ToBeVisibleAsync();
        Assert.StartsWith(server.Callback.CallbackUri.AbsoluteUri + "?", page.Url, StringComparison.Ordinal);

        var query = server.Callback.FindCallback(request.State);
        Assert.True(query is not null, $"The app received no callback with its state; the browser is at {page.Url}");
        Assert.False(query.ContainsKey("error"), $"The app received an error: {page.Url}");
        Assert.Equal(server.Issuer, query.GetValueOrDefault("iss"));
        var code = query.GetValueOrDefault("code");
        Assert.False(string.IsNullOrEmpty(code), $"The callback carried no code: {page.Url}");
        return (code, query);
    }

    // Letters, digits and underscores, starting with a letter; unique so tests never collide on one database.
    public static string NewUsername() => "e2e_" + Guid.NewGuid().ToString("N");
}
