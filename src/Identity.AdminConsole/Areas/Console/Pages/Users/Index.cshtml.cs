using Identity.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Users;

/// <summary>The users, a page at a time, found by part of their username (any case).</summary>
public sealed class IndexModel(UserAdmin users) : PageModel
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    public int PageNumber { get; private set; } = 1;

    public UserPage Result { get; private set; } = new([], 0, 1, PageSize);

    public int PageCount => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Read by hand: "page" is a route value of Razor Pages itself. A page number out of range or no number (a link from
        // before deletions, a hand-edited URL) shows the nearest page, not an error.
        PageNumber = PageQuery.Number(Request.Query["page"]);
        Result = await users.ListAsync(PageNumber, PageSize, Search, cancellationToken);
        if (Result.Items.Count == 0 && PageNumber > PageCount)
        {
            PageNumber = PageCount;
            Result = await users.ListAsync(PageNumber, PageSize, Search, cancellationToken);
        }
    }

    /// <summary>The link to another page of the same search.</summary>
    public string PageLink(int page) =>
        "/console/users?" + (string.IsNullOrWhiteSpace(Search) ? "" : "q=" + Uri.EscapeDataString(Search) + "&") + "page=" + page;
}
