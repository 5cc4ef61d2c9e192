using Microsoft.Playwright;

namespace Identity.EndToEnd.Tests;

/// <summary>
/// PNG screenshots of each page a journey passes through, for people to look at:
/// <c>artifacts/screenshots/{journey}/{step number}-{step}.png</c> under the repository root (git-ignored, with the
/// rest of <c>/artifacts/</c>). Each journey starts from an empty folder of its own, so what is there is its last run.
/// </summary>
internal sealed class Screenshots
{
    private int _step;

    public Screenshots(string journey)
    {
        Journey = journey;
        Folder = Path.Combine(Root, journey);
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
        Directory.CreateDirectory(Folder);
    }

    /// <summary>artifacts/screenshots under the repository root.</summary>
    public static string Root => Path.Combine(Repository.Root.FullName, "artifacts", "screenshots");

    public string Journey { get; }

    /// <summary>This journey's folder.</summary>
    public string Folder { get; }

    /// <summary>Saves the whole page as the journey's next step, e.g. <c>02-register.png</c>.</summary>
    public async Task TakeAsync(IPage page, string step)
    {
        var path = Path.Combine(Folder, $"{Interlocked.Increment(ref _step):00}-{step}.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
    }

    /// <summary>
    /// After a failure: each page as it was left, for the failure message to point at. Never throws, so the failure
    /// it records is the one reported.
    /// </summary>
    public async Task TakeFailureAsync(IReadOnlyList<IPage> pages)
    {
        for (var i = 0; i < pages.Count; i++)
        {
            if (pages[i].IsClosed) continue;
            try
            {
                await TakeAsync(pages[i], pages.Count == 1 ? "failure" : $"failure-page{i + 1}");
            }
            catch (PlaywrightException)
            {
                // The page may be the reason for the failure (crashed, or still loading); the message says the rest.
            }
        }
    }
}
