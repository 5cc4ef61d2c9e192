using Microsoft.AspNetCore.Http;
using Identity.Admin;
using Identity.Admin.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Setup;

/// <summary>The one-time first-admin link's page: a username and password, then on to the console's ordinary sign-in.</summary>
public sealed class IndexModel(FirstAdminSetup setup) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public bool LinkWorks { get; private set; } = true;

    public string? LinkProblem { get; private set; }

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await setup.AcceptsAsync(Token, cancellationToken))
        {
            return Refuse("This setup link is invalid, has expired or was already used. Sign in to the console, or create an admin with the CLI: users add --username <name> --admin.");
        }
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            await setup.CreateFirstAdminAsync(Token, Username, Password, cancellationToken);
        }
        catch (SetupLinkException exception)
        {
            return Refuse(exception.Message);
        }
        catch (AdminValidationException exception)
        {
            Errors.AddAll(exception.Problems);
            return Page();
        }
        catch (ConflictException exception)
        {
            Errors.Add(exception.Field, exception.Message);
            return Page();
        }
        // On to the console: its ordinary sign-in asks for the account just made, through the server's own endpoints.
        return Redirect("/console");
    }

    private PageResult Refuse(string problem)
    {
        LinkWorks = false;
        LinkProblem = problem;
        Token = null;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
