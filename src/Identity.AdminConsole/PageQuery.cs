using System.Globalization;

namespace Identity.AdminConsole;

/// <summary>
/// The <c>page</c> query parameter of a list's paging links. Read by hand, not bound: Razor Pages keeps a route value of
/// its own named <c>page</c> (the page's name), which model binding would find first.
/// </summary>
public static class PageQuery
{
    /// <summary>The page number; 1 when absent or not a whole number from 1 (a hand-edited link shows the first page).</summary>
    public static int Number(string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;
}
