using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Identity.Admin.Dashboard;

/// <summary>The chart's words, so a page can give them in its language.</summary>
/// <param name="Title">The chart's title, e.g. "Daily active users".</param>
/// <param name="Unit">What a count counts, after a number, e.g. "active users" (in "3 active users").</param>
public sealed record ActivityChartText(string Title, string Unit)
{
    public static ActivityChartText Default { get; } = new("Daily active users", "active users");
}

/// <summary>
/// Draws a daily curve (e.g. <see cref="ActiveUserCounts.DauCurve"/>) as an SVG bar chart, on the server, for a page
/// whose CSP forbids scripts and inline styles: no script, no <c>style</c> attribute; colours are presentation
/// attributes (<c>currentColor</c>, so the bars take the text colour) and every part has a class a stylesheet can restyle.
/// It reads without colour: the counts are on the y axis and above the bars, dates under them, and
/// <c>role="img"</c> with a <c>&lt;title&gt;</c> and a <c>&lt;desc&gt;</c> that lists every day gives screen readers the same.
/// The fixed <c>viewBox</c> (no width or height) scales to the container, down to a 320 px wide screen.
/// </summary>
public static partial class ActivityChart
{
    public const int Width = 480;
    public const int Height = 260;

    /// <summary>The plot area inside the viewBox: room on the left for the counts, above for the bar labels, below for the dates.</summary>
    public const double PlotLeft = 40, PlotRight = 472, PlotTop = 24, PlotBottom = 224;

    public const double PlotHeight = PlotBottom - PlotTop;

    /// <summary>Above this many digits a label on every bar would overlap its neighbours: only the highest and the latest are labelled.</summary>
    private const int MaxDigitsOnEveryBar = 2;

    /// <summary>
    /// The chart as an SVG element, to put in a page as it is (its text is HTML-encoded). <paramref name="idPrefix"/>
    /// names the title's and description's ids (<c>{idPrefix}-title</c>, <c>{idPrefix}-desc</c>): distinct per chart on a page.
    /// </summary>
    /// <exception cref="ArgumentException">No days, a negative count, or an id prefix that is not a letter then letters, digits, - or _.</exception>
    public static string Render(IReadOnlyList<DailyCount> days, ActivityChartText? text = null, string idPrefix = "activity-chart")
    {
        ArgumentNullException.ThrowIfNull(days);
        if (days.Count == 0) throw new ArgumentException("There must be at least one day to draw.", nameof(days));
        if (days.Any(d => d.Count < 0)) throw new ArgumentException("Counts cannot be negative.", nameof(days));
        if (!IdPattern().IsMatch(idPrefix)) throw new ArgumentException("Must be a letter, then letters, digits, '-' or '_'.", nameof(idPrefix));
        text ??= ActivityChartText.Default;

        var max = days.Max(d => d.Count);
        // The highest count sets the scale (its bar is the plot's full height); with none, an empty plot up to 1.
        var top = Math.Max(max, 1);
        var slot = (PlotRight - PlotLeft) / days.Count;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"""<svg xmlns="http://www.w3.org/2000/svg" class="activity-chart" viewBox="0 0 {Width} {Height}" role="img" aria-labelledby="{idPrefix}-title {idPrefix}-desc" font-family="system-ui, sans-serif">""");
        svg.Append(CultureInfo.InvariantCulture, $"""<title id="{idPrefix}-title">{Encode(Title(days, text))}</title>""");
        svg.Append(CultureInfo.InvariantCulture, $"""<desc id="{idPrefix}-desc">{Encode(Description(days, text, max))}</desc>""");

        svg.Append("""<g class="activity-chart__axis" font-size="11" fill="currentColor" text-anchor="end">""");
        foreach (var tick in Ticks(top))
        {
            var y = Y(tick, top);
            svg.Append(CultureInfo.InvariantCulture,
                $"""<line class="activity-chart__grid" x1="{N(PlotLeft)}" x2="{N(PlotRight)}" y1="{N(y)}" y2="{N(y)}" stroke="currentColor" stroke-opacity="{(tick == 0 ? "0.6" : "0.2")}"/>""");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(PlotLeft - 6)}" y="{N(y + 4)}">{tick}</text>""");
        }
        svg.Append("</g>");

        svg.Append("""<g class="activity-chart__bars" fill="currentColor">""");
        for (var i = 0; i < days.Count; i++)
        {
            var barWidth = slot * 0.7;
            var y = Y(days[i].Count, top);
            svg.Append(CultureInfo.InvariantCulture,
                $"""<rect class="activity-chart__bar" x="{N(PlotLeft + slot * i + (slot - barWidth) / 2)}" y="{N(y)}" width="{N(barWidth)}" height="{N(PlotBottom - y)}">""");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{Encode(DayText(days[i], text))}</title></rect>");
        }
        svg.Append("</g>");

        svg.Append("""<g class="activity-chart__values" font-size="10" fill="currentColor" text-anchor="middle">""");
        foreach (var i in LabelledBars(days, max))
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"""<text x="{N(PlotLeft + slot * (i + 0.5))}" y="{N(Y(days[i].Count, top) - 4)}">{days[i].Count}</text>""");
        }
        svg.Append("</g>");

        svg.Append("""<g class="activity-chart__dates" font-size="11" fill="currentColor" text-anchor="middle">""");
        foreach (var i in DatedBars(days.Count))
        {
            // The last date ends at the plot's edge instead of running past the viewBox.
            var (x, anchor) = i == days.Count - 1 ? (PlotRight, " text-anchor=\"end\"") : (PlotLeft + slot * (i + 0.5), "");
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{N(x)}" y="{N(PlotBottom + 18)}"{anchor}>{Encode(ShortDate(days[i].Date))}</text>""");
        }
        svg.Append("</g></svg>");
        return svg.ToString();
    }

    private static string Title(IReadOnlyList<DailyCount> days, ActivityChartText text) =>
        $"{text.Title}, {IsoDate(days[0].Date)} to {IsoDate(days[^1].Date)}";

    private static string Description(IReadOnlyList<DailyCount> days, ActivityChartText text, int max)
    {
        if (max == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"No {text.Unit} on any of the {days.Count} days.");
        }
        var highest = days.First(d => d.Count == max);
        var average = days.Average(d => d.Count);
        return string.Create(CultureInfo.InvariantCulture,
            $"{days.Count} days. Highest: {DayText(highest, text)}. Latest: {DayText(days[^1], text)}. Average: {average:0.#} a day. Each day: ") +
            string.Join("; ", days.Select(d => string.Create(CultureInfo.InvariantCulture, $"{IsoDate(d.Date)} {d.Count}"))) + ".";
    }

    private static string DayText(DailyCount day, ActivityChartText text) =>
        string.Create(CultureInfo.InvariantCulture, $"{IsoDate(day.Date)}: {day.Count} {text.Unit}");

    /// <summary>0, the top, and a middle count when there is room for one between them.</summary>
    private static IEnumerable<int> Ticks(int top) => top >= 4 ? [0, top / 2, top] : top >= 2 ? [0, top] : [0, 1];

    private static IEnumerable<int> LabelledBars(IReadOnlyList<DailyCount> days, int max)
    {
        if (max.ToString(CultureInfo.InvariantCulture).Length <= MaxDigitsOnEveryBar)
        {
            return Enumerable.Range(0, days.Count);
        }
        var highest = days.Select((d, i) => (d, i)).First(p => p.d.Count == max).i;
        return highest == days.Count - 1 ? [highest] : [highest, days.Count - 1];
    }

    /// <summary>Every day when there are few; else the latest and every seventh day before it (the same weekday).</summary>
    private static IEnumerable<int> DatedBars(int count) =>
        count <= 7 ? Enumerable.Range(0, count) : Enumerable.Range(0, count).Where(i => (count - 1 - i) % 7 == 0);

    private static double Y(int count, int top) => PlotBottom - PlotHeight * count / top;

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string IsoDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ShortDate(DateOnly date) => date.ToString("MMM d", CultureInfo.InvariantCulture);

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    private static partial Regex IdPattern();
}
