using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Identity.AdminConsole.Connectors;

/// <summary>
/// A plugin's README as HTML for the console: raw HTML in the Markdown is written out as text, links other than http,
/// https, mailto and relative ones are dropped, and headings move one level down so the page keeps its single h1.
/// </summary>
public static class ReadmeHtml
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().DisableHtml().Build();

    public static string Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            heading.Level = Math.Min(heading.Level + 1, 6);
        }
        foreach (var link in document.Descendants<LinkInline>().Where(l => !Safe(l.Url)))
        {
            link.Url = "#";
        }
        foreach (var link in document.Descendants<AutolinkInline>().Where(l => !l.IsEmail && !Safe(l.Url)))
        {
            link.Url = "#";
        }
        return document.ToHtml(Pipeline);
    }

    // A scheme is what comes before a ':' that precedes any '/', '?' or '#'; without one the link is relative.
    private static bool Safe(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return true;
        }
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var end = url.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (end >= 0 && end < colon))
        {
            return true;
        }
        var scheme = url[..colon].Trim().ToLowerInvariant();
        return scheme is "http" or "https" or "mailto";
    }
}
