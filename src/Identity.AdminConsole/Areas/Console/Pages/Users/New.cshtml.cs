using Identity.Admin;
using Identity.Admin.Access;
using Identity.Admin.Definitions;
using Identity.Core.Data;
using Identity.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.AdminConsole.Areas.Console.Pages.Users;

/// <summary>Creates a user, with the console permission if asked: both land together or neither does.</summary>
public sealed class NewModel(UserAdmin users, ConsoleAdmins admins, IdentityDataContext db) : PageModel
{
    [BindProperty]
    public string? Username { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public bool ConsolePermission { get; set; }

    public FieldErrors Errors { get; } = new();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var definition = new UserDefinition
        {
            Username = Username?.Trim(), Name = Blank(Name), Email = Blank(Email), Password = string.IsNullOrEmpty(Password) ? null : Password,
        };
        UserView created;
        try
        {
            // Never an admin who cannot enter, or a user who was meant to be one and is not.
            created = await db.InTransactionAsync(async ct =>
            {
                var user = await users.CreateAsync(definition, ct);
                if (ConsolePermission)
                {
                    await admins.GrantAsync(user.Id, ct);
                }
                return user;
            }, cancellationToken);
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
        return Redirect($"/console/users/{Uri.EscapeDataString(created.Id)}?created=1");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
