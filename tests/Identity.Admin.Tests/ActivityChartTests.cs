using System.Globalization;
using System.Xml.Linq;
using Identity.Admin.Dashboard;

namespace Identity.Admin.Tests;

/// <summary><see cref="ActivityChart"/>: an accessible SVG bar chart of a daily curve, without scripts or inline styles.</summary>
public class ActivityChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private static readonly DateOnly Last = new(2026, 12, 8);

    private static List<DailyCount> Days(params int[] counts) =>
        [.. counts.Select((c, i) => new DailyCount(Last.AddDays(i - counts.Length + 1), c))];

    private static List<DailyCount> ThirtyDays(Func<int, int> count) => Days([.. Enumerable.Range(0, 30).Select(count)]);

    // Parsing also proves the markup is well-formed XML.
    private static XElement Parse(string svg) => XElement.Parse(svg);

    private static List<XElement> Bars(XElement root) => [.. root.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "activity-chart__bar")];

    private static double Number(XElement element, string attribute) => double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);

    private static List<string> Texts(XElement root, string group) =>
        [.. root.Elements(Svg + "g").Single(g => (string?)g.Attribute("class") == group).Elements(Svg + "text").Select(t => t.Value)];

    [Fact]
    public void Render_ThirtyDays_IsAnImageWithTitleDescriptionAndAFixedViewBox()
    {
        var root = Parse(ActivityChart.Render(ThirtyDays(i => i % 5), idPrefix: "dau"));

        Assert.Equal("img", (string?)root.Attribute("role"));
        Assert.Equal("0 0 480 260", (string?)root.Attribute("viewBox"));
        Assert.Null(root.Attribute("width"));
        Assert.Null(root.Attribute("height"));
        Assert.Equal("dau-title dau-desc", (string?)root.Attribute("aria-labelledby"));
        var title = root.Element(Svg + "title")!;
        Assert.Equal("dau-title", (string?)title.Attribute("id"));
        Assert.Equal("Daily active users, 2026-11-09 to 2026-12-08", title.Value);
        var desc = root.Element(Svg + "desc")!;
        Assert.Equal("dau-desc", (string?)desc.Attribute("id"));
        Assert.Contains("Highest: 2026-11-13: 4 active users.", desc.Value);
        Assert.Contains("Latest: 2026-12-08: 4 active users.", desc.Value);
        Assert.Contains("2026-11-09 0; 2026-11-10 1;", desc.Value);
        Assert.Equal(30, Bars(root).Count);
    }

    [Fact]
    public void Render_HighestCount_SetsTheScale()
    {
        var root = Parse(ActivityChart.Render(Days(0, 5, 10, 20)));

        var heights = Bars(root).Select(b => Number(b, "height")).ToList();
        Assert.Equal([0, ActivityChart.PlotHeight / 4, ActivityChart.PlotHeight / 2, ActivityChart.PlotHeight], heights);
        Assert.All(Bars(root), b => Assert.Equal(ActivityChart.PlotBottom, Number(b, "y") + Number(b, "height"), 6));
        Assert.Equal(["0", "10", "20"], Texts(root, "activity-chart__axis"));
    }

    [Fact]
    public void Render_AllZero_DrawsFlatBarsOnAScaleUpTo1AndSaysSo()
    {
        var svg = ActivityChart.Render(ThirtyDays(_ => 0));
        var root = Parse(svg);

        Assert.All(Bars(root), b => Assert.Equal(0, Number(b, "height")));
        Assert.Equal(["0", "1"], Texts(root, "activity-chart__axis"));
        Assert.Equal("No active users on any of the 30 days.", root.Element(Svg + "desc")!.Value);
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SmallCounts_LabelEveryBarWithItsCount_AndDateEverySeventhDayEndingWithTheLatest()
    {
        var root = Parse(ActivityChart.Render(ThirtyDays(i => i % 3)));

        Assert.Equal(Enumerable.Range(0, 30).Select(i => (i % 3).ToString(CultureInfo.InvariantCulture)), Texts(root, "activity-chart__values"));
        Assert.Equal(["Nov 10", "Nov 17", "Nov 24", "Dec 1", "Dec 8"], Texts(root, "activity-chart__dates"));
        Assert.Equal("2026-11-09: 0 active users", Bars(root)[0].Element(Svg + "title")!.Value);
    }

    [Fact]
    public void Render_CountsOfThreeDigitsOrMore_LabelOnlyTheHighestAndTheLatestBar()
    {
        var root = Parse(ActivityChart.Render(Days(120, 950, 300, 410)));

        Assert.Equal(["950", "410"], Texts(root, "activity-chart__values"));
        Assert.Equal(["0", "475", "950"], Texts(root, "activity-chart__axis"));
    }

    [Fact]
    public void Render_EveryPartStaysInsideTheViewBox()
    {
        var root = Parse(ActivityChart.Render(ThirtyDays(i => i * 3)));

        foreach (var element in root.Descendants().Where(e => e.Attribute("x") is not null))
        {
            Assert.InRange(Number(element, "x"), 0, ActivityChart.Width);
        }
        Assert.All(Bars(root), b => Assert.InRange(Number(b, "x") + Number(b, "width"), 0, ActivityChart.PlotRight));
        Assert.Equal("end", (string?)root.Descendants(Svg + "text").Last().Attribute("text-anchor"));
    }

    [Fact]
    public void Render_Text_IsEncoded_AndThereIsNoScriptOrStyle()
    {
        var svg = ActivityChart.Render(Days(1, 2), new ActivityChartText("<script>alert(1)</script> & co", "\"users\""));

        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("style=", svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co", svg, StringComparison.Ordinal);
        Assert.StartsWith("<script>alert(1)</script> & co, ", Parse(svg).Element(Svg + "title")!.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1chart")]
    [InlineData("a\"b")]
    [InlineData("a b")]
    public void Render_IdPrefixNotAnId_Throws(string idPrefix) =>
        Assert.Throws<ArgumentException>(nameof(idPrefix), () => ActivityChart.Render(Days(1), idPrefix: idPrefix));

    [Fact]
    public void Render_NoDaysOrANegativeCount_Throws()
    {
        Assert.Throws<ArgumentException>("days", () => ActivityChart.Render([]));
        Assert.Throws<ArgumentException>("days", () => ActivityChart.Render(Days(1, -1)));
    }
}
