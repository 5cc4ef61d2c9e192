using Microsoft.Playwright;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// Debian's chromium, headless, driven by Playwright; launched once per test class. Playwright's own browser
/// download is never used: the machine's chromium is what CI installs (scripts/test.sh).
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string PathVariable = "IDENTITY_CHROMIUM_PATH";
    public const string DefaultPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured ? configured : DefaultPath;
        if (!File.Exists(path))
        {
            // A failure, not a skip: a machine without chromium must not pass the suite silently.
            throw new InvalidOperationException(
                $"chromium not found at {path}; scripts/test.sh installs it (or set {PathVariable} to a chromium binary).");
        }

        // Expectations wait as long as actions (below): a busy CI machine runs the other test projects alongside.
        Assertions.SetDefaultExpectTimeout(10_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = path,
            Headless = true,
            // No sandbox: CI runs as root in a container. The rest keeps chromium from calling home during tests.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A page in a new context: its own cookies, so each user journey starts signed out.</summary>
    /// <param name="options">The context's settings, e.g. its <c>Locale</c> (sent as Accept-Language) or <c>ViewportSize</c>.</param>
    public async Task<IPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await (_browser ?? throw new InvalidOperationException("The browser has not started.")).NewContextAsync(options);
        // Shorter than Playwright's 30 s: every page here is served from loopback, so a wait this long means a bug.
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
