using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// Every console page in a real browser: no serious or critical axe-core violations in light and dark mode and in
/// English and German, nothing wider than a 320 px screen, and every control reachable with the keyboard alone.
/// Screenshots of each page land in artifacts/screenshots/console (the README's come from there).
/// </summary>
public sealed class ConsolePagesTests(ConsoleServer console, Browser browser, ITestOutputHelper output)
    : IClassFixture<ConsoleServer>, IClassFixture<Browser>
{
    /// <summary>Each console page, by a name for its screenshot and the path that opens it.</summary>
    public static readonly TheoryData<string, string> Pages = new()
    {
        { "dashboard", "/console" },
        { "get-started", "/console/get-started" },
        { "applications", "/console/applications" },
        { "application-new", "/console/applications/new?type=Traditional&framework=flask" },
        { "application-details", "/console/applications/" + ServerProcess.ClientId },
        { "connectors", "/console/connectors" },
        { "connector-new", "/console/connectors/new" },
        { "connector-details", "/console/connectors/" + SocialServer.ConnectorId },
        { "sign-in-experience", "/console/sign-in-experience" },
        { "users", "/console/users" },
        { "users-new", "/console/users/new" },
        { "audit-log", "/console/audit-log" },
        { "localization", "/console/localization" },
        { "localization-de", "/console/localization/de" },
        { "application-rotate-secret", "/console/applications/" + ServerProcess.ClientId + "/rotate-secret" },
        { "application-delete", "/console/applications/" + ServerProcess.ClientId + "/delete" },
        { "connector-configure", "/console/connectors/new/oauth2" },
        { "connector-remove", "/console/connectors/" + SocialServer.ConnectorId + "/remove" },
        { "user-details", UserDetails },
        { "user-delete", UserDetails + "/delete" },
    };

    // A user's pages are addressed by id, read from the users list (the seed names the user, not the id).
    private const string UserDetails = "user:ada";

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task ConsolePage_LightAndDarkEnglishAndGerman_HasNoSeriousOrCriticalAxeViolations(string name, string path)
    {
        foreach (var (scheme, locale) in new[] { (ColorScheme.Light, "en-US"), (ColorScheme.Dark, "en-US"), (ColorScheme.Light, "de-DE"), (ColorScheme.Dark, "de-DE") })
        {
            var page = await SignedInPageAsync(new() { ColorScheme = scheme, Locale = locale, ViewportSize = new() { Width = 1280, Height = 900 } });
            await page.GotoAsync(await ResolveAsync(page, path));
            Assert.Equal(200, (await page.EvaluateAsync<int>("() => performance.getEntriesByType('navigation')[0].responseStatus")));

            var result = await page.RunAxe();

            var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(serious.Count == 0, $"{path} ({scheme}, {locale}):\n" + Describe(serious));
            if (scheme == ColorScheme.Light && locale == "en-US")
            {
                await TakeScreenshotAsync(page, name);
            }
            await page.Context.CloseAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task ConsolePage_At320PixelsWide_NeedsNoSidewaysScrolling(string name, string path)
    {
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 320, Height = 640 } });
        await page.GotoAsync(await ResolveAsync(page, path));

        // Wide tables scroll inside their own frame (.table-wrap); the page itself must fit.
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");

        var wide = width <= 320 ? "" : await page.EvaluateAsync<string>(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join('\\n')");
        Assert.True(width <= 320, $"{name}: the page is {width} px wide at a 320 px viewport; too wide:\n{wide}");
        await page.Context.CloseAsync();
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task ConsolePage_KeyboardOnly_ReachesEveryControlWithAVisibleFocus(string name, string path)
    {
        var page = await SignedInPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await page.GotoAsync(await ResolveAsync(page, path));
        // A radio group is one stop (arrow keys move within it).
        var controls = await page.EvaluateAsync<int>(
            "() => { const radios = new Set(); return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')].filter(e => !e.disabled && e.offsetParent !== null && e.tabIndex >= 0 && (e.type !== 'radio' || !radios.has(e.name) && radios.add(e.name))).length; }");

        var reached = new HashSet<string>();
        // Enough presses for composite controls (a date input has a stop per part), within reason.
        for (var presses = 0; presses < controls * 3 + 10; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string?>(
                """
                () => {
                    let e = document.activeElement;
                    if (!e || e === document.body) return null;
                    // Tab into a same-origin frame focuses the frame's own first control: its focus is drawn in there.
                    const inner = e.tagName === 'IFRAME' ? e.contentDocument?.activeElement : null;
                    const style = getComputedStyle(inner && inner !== e.contentDocument.body ? inner : e);
                    const visible = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 || style.boxShadow !== 'none';
                    return (visible ? '' : 'NO-FOCUS-STYLE ') + e.tagName + '#' + (e.id || e.getAttribute('name') || e.getAttribute('href') || e.textContent.trim().slice(0, 30)) + '@' + [...document.querySelectorAll('*')].indexOf(e);
                }
                """);
            if (focused is not null) reached.Add(focused);
        }

        // A control counts as showing its focus when it did on arriving: a date input's later stops are its inner fields.
        Assert.DoesNotContain(reached, f => f.StartsWith("NO-FOCUS-STYLE", StringComparison.Ordinal) && !reached.Contains(f["NO-FOCUS-STYLE ".Length..]));
        Assert.True(reached.Count(f => !f.StartsWith("NO-FOCUS-STYLE", StringComparison.Ordinal)) >= controls, $"{name}: {reached.Count} of {controls} controls reached by Tab:\n{string.Join("\n", reached)}");
        await page.Context.CloseAsync();
    }

    // Signs in once per test class through the server's own sign-in page; each check then opens a new context (its own
    // colour scheme, language and size) holding that session.
    private async Task<IPage> SignedInPageAsync(BrowserNewContextOptions options)
    {
        options.StorageState = await SessionAsync();
        return await browser.NewPageAsync(options);
    }

    private static string? _session;
    private static DateTimeOffset _sessionAt;
    private static readonly SemaphoreSlim SessionGate = new(1, 1);

    // New contexts start from the saved cookies, which the console's sliding expiry never renews: sign in again well
    // within its 15-minute idle timeout.
    private static readonly TimeSpan SessionReuse = TimeSpan.FromMinutes(5);

    private async Task<string> SessionAsync()
    {
        await SessionGate.WaitAsync();
        try
        {
            if (_session is null || DateTimeOffset.UtcNow - _sessionAt > SessionReuse)
            {
                _sessionAt = DateTimeOffset.UtcNow;
                var page = await browser.NewPageAsync();
                await page.GotoAsync(new Uri(console.Server.BaseUri, "/console").AbsoluteUri);
                await page.GetByLabel("Username").FillAsync(ConsoleServer.Admin);
                await page.GetByLabel("Password").FillAsync(ConsoleServer.Password);
                await page.Locator("main form button[type=submit]").ClickAsync();
                await page.WaitForURLAsync(new Uri(console.Server.BaseUri, "/console").AbsoluteUri);
                _session = await page.Context.StorageStateAsync();
                await page.Context.CloseAsync();
            }
            return _session;
        }
        finally
        {
            SessionGate.Release();
        }
    }

    // A path, or "user:<name>[/rest]" for that user's page (its id read from the users list).
    private async Task<string> ResolveAsync(IPage page, string path)
    {
        if (path.StartsWith("user:", StringComparison.Ordinal))
        {
            var (name, rest) = path[5..].IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? (path[5..][..slash], path[5..][slash..]) : (path[5..], "");
            await page.GotoAsync(new Uri(console.Server.BaseUri, "/console/users?q=" + name).AbsoluteUri);
            var href = await page.Locator("main table a[href^='/console/users/']").First.GetAttributeAsync("href");
            path = href + rest;
        }
        return new Uri(console.Server.BaseUri, path).AbsoluteUri;
    }

    private static async Task TakeScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(Screenshots.Root, "console");
        Directory.CreateDirectory(folder);
        // What a person sees first (1280 x 900), small enough for the README (docs/console holds the committed copies).
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = false });
    }

    private string Describe(IEnumerable<AxeResultItem> violations)
    {
        var text = string.Join("\n", violations.Select(v => $"{v.Impact} {v.Id}: {v.Help}\n  " +
            string.Join("\n  ", v.Nodes.Select(n => n.Html))));
        output.WriteLine(text);
        return text;
    }
}
