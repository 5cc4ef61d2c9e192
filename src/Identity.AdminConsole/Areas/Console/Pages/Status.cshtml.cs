using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages;

/// <summary>
/// The console's page for an error status, re-executed by the status pages middleware with the original request's
/// method: a refused POST (403) must render here too, so it has no handler methods (any method renders it) and takes
/// no antiforgery token.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    [FromRoute]
    public int Code { get; set; }
}
