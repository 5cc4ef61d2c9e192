using Identity.Admin;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Identity.AdminConsole.Areas.Console.Pages.AuditLog;

/// <summary>
/// The audit log, newest first, filtered by a GET form (so a filtered view is a link to share). Times are UTC both in
/// the inputs and in the list; a bad filter is a message next to its field, never an error page.
/// </summary>
public sealed class IndexModel(AuditLogReader reader, IStringLocalizer<ConsoleText> text) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? UserFilter { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? App { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    public int PageNumber { get; private set; } = 1;

    public AuditLogPage Result { get; private set; } = new([], 0);

    public int PageCount => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    public FieldErrors Errors { get; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ConsoleTime.TryParseInput(From, out var since)) Errors.Add("from", text["Enter a date and time (UTC)."]);
        if (!ConsoleTime.TryParseInput(To, out var until)) Errors.Add("to", text["Enter a date and time (UTC)."]);
        PageNumber = PageQuery.Number(Request.Query["page"]);
        if (Errors.Any)
        {
            return;
        }

        var filter = new AuditLogFilter(Blank(Type), null, Blank(App), since, until, Blank(Outcome), Blank(UserFilter));
        try
        {
            Result = await reader.ListAsync(filter, PageNumber, PageSize, cancellationToken);
        }
        catch (AdminValidationException exception)
        {
            // The reader names the range's end "until"; this form calls it "to".
            Errors.AddAll(exception.Problems.Select(p => p.Path == "until" ? p with { Path = "to", Message = text["Must be later than From."] } : p));
        }
    }

    /// <summary>The link to another page of the same filter.</summary>
    public string PageLink(int page)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value)) query.Add(name + "=" + Uri.EscapeDataString(value));
        }
        Add("type", Type);
        Add("user", UserFilter);
        Add("app", App);
        Add("from", From);
        Add("to", To);
        Add("outcome", Outcome);
        query.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/console/audit-log?" + string.Join("&", query);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
