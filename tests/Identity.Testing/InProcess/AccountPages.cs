namespace Identity.Testing;

/// <summary>Filling in the hosted sign-in and register pages directly (without an app's authorization request).</summary>
public static class AccountPages
{
    public static async Task<PageResult> RegisterAsync(BrowserSession browser, string username, string password, string? confirm = null)
    {
        var page = await browser.GoAsync("/register");
        return await browser.SubmitAsync(page, new Dictionary<string, string>
        {
            ["Username"] = username, ["Password"] = password, ["ConfirmPassword"] = confirm ?? password,
        });
    }

    public static async Task<PageResult> SignInAsync(BrowserSession browser, string username, string password, string? returnUrl = null)
    {
        var page = await browser.GoAsync(returnUrl is null ? "/sign-in" : "/sign-in?returnUrl=" + Uri.EscapeDataString(returnUrl));
        return await browser.SubmitAsync(page, new Dictionary<string, string> { ["Username"] = username, ["Password"] = password });
    }

    /// <summary>Creates an account in a throwaway browser, so the caller's browser stays signed out.</summary>
    public static async Task<string> CreateUserAsync(IServerUnderTest server, string password = Flows.GoodPassword)
    {
        var username = Flows.NewUsername();
        using var browser = server.NewBrowser();
        var result = await RegisterAsync(browser, username, password);
        Assert.True(result.Url.AbsolutePath == "/", $"Sign-up failed: {result.Alert}");
        return username;
    }
}
