using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Identity.Core.Accounts;
using Identity.Admin.Definitions;
using Identity.Admin;
using Identity.Admin.Access;
using Identity.Core.Data;
using Identity.Data;
using Microsoft.AspNetCore.Identity;

namespace Identity.Cli;

internal static class UsersCommands
{
    public static Command Create(CliHost host) => new("users", "List, add and manage users.")
    {
        List(host), Add(host), SetPassword(host), Lock(host), Unlock(host), Roles(host),
    };

    private static Command List(CliHost host)
    {
        var search = new Option<string>("--search") { Description = "Only users whose username contains this text (any case)." };
        var page = new Option<int>("--page") { Description = "The page to show, from 1.", DefaultValueFactory = _ => 1 };
        var pageSize = new Option<int>("--page-size") { Description = $"Users per page, at most {UserAdmin.MaxPageSize}.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print JSON (the page, its items and the total) instead of a table." };
        var command = new Command("list", "List users, a page at a time, by username.") { search, page, pageSize, json };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var users = await services.GetRequiredService<UserAdmin>().ListAsync(result.GetValue(page), result.GetValue(pageSize), result.GetValue(search), ct);
            if (result.GetValue(json))
            {
                CliOutput.WriteJson(users);
                return;
            }

            CliOutput.WriteTable(
                ["USERNAME", "NAME", "EMAIL", "PASSWORD", "LOCKED", "ID"],
                users.Items.Select(u => (IReadOnlyList<string>)[u.Username ?? "", u.Name ?? "", u.Email ?? "", u.HasPassword ? "yes" : "no", Locked(u), u.Id]),
                "No users.");
            var pages = Math.Max(1, (users.Total + users.PageSize - 1) / users.PageSize);
            CliOutput.Line($"Page {users.Page} of {pages} ({users.Total} user(s)).");
        }, cancellationToken)));
        return command;
    }

    private static Command Add(CliHost host)
    {
        var username = new Option<string>("--username") { Description = "The username the user signs in with.", Required = true };
        var (password, passwordStdin) = PasswordOptions();
        var name = new Option<string>("--name") { Description = "The user's display name." };
        var email = new Option<string>("--email") { Description = "The user's email address (not verified)." };
        var admin = new Option<bool>("--admin") { Description = $"Give the user the console permission (the '{ConsoleAdmins.RoleName}' role): they may sign in to the Admin Console at /console." };
        var command = new Command("add", "Add a user, with a password or without one (a user without one cannot sign in with a password).")
        {
            username, password, passwordStdin, name, email, admin,
        };
        command.Validators.Add(r => OnlyOne(r, password, passwordStdin, required: false));
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var definition = new UserDefinition
            {
                Username = result.GetValue(username), Password = await ReadPasswordAsync(result, password, passwordStdin, ct),
                Name = result.GetValue(name), Email = result.GetValue(email),
            };
            // The user and the permission land together: never an "admin" who cannot enter, or half of one.
            var user = await services.GetRequiredService<IdentityDataContext>().InTransactionAsync(async t =>
            {
                var created = await services.GetRequiredService<UserAdmin>().CreateAsync(definition, t);
                if (result.GetValue(admin))
                {
                    await services.GetRequiredService<ConsoleAdmins>().GrantAsync(created.Id, t);
                }
                return created;
            }, ct);
            CliOutput.Line($"Added user '{user.Username}' (id {user.Id}){(user.HasPassword ? "" : ", without a password")}" +
                $"{(result.GetValue(admin) ? ", with the console permission" : "")}.");
        }, cancellationToken)));
        return command;
    }

    private static Command SetPassword(CliHost host)
    {
        var username = UsernameArgument();
        var (password, passwordStdin) = PasswordOptions();
        var command = new Command("set-password", "Set a user's password (checked against the password policy).") { username, password, passwordStdin };
        command.Validators.Add(r => OnlyOne(r, password, passwordStdin, required: true));
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var id = await FindIdAsync(services, result.GetRequiredValue(username));
            await services.GetRequiredService<UserAdmin>().SetPasswordAsync(id, await ReadPasswordAsync(result, password, passwordStdin, ct), ct);
            CliOutput.Line($"Set the password of '{result.GetValue(username)}'.");
        }, cancellationToken)));
        return command;
    }

    private static Command Lock(CliHost host)
    {
        var username = UsernameArgument();
        var until = new Option<DateTimeOffset?>("--until")
        {
            Description = "When the lock ends (ISO 8601, e.g. 2030-01-31T18:00:00Z; UTC when no offset is given); for good when left out.",
            CustomParser = ParseInstant,
        };
        var command = new Command("lock", "Lock a user out: they cannot sign in, and their sessions and grants end.") { username, until };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var id = await FindIdAsync(services, result.GetRequiredValue(username));
            var user = await services.GetRequiredService<UserAdmin>().LockAsync(id, result.GetValue(until), ct);
            CliOutput.Line(user.IsLocked
                ? $"Locked '{user.Username}' {Locked(user)}."
                : $"'{user.Username}' is not locked: the --until time has already passed.");
        }, cancellationToken)));
        return command;
    }

    private static Command Unlock(CliHost host)
    {
        var username = UsernameArgument();
        var command = new Command("unlock", "Lift a user's lock-out (also one caused by failed sign-ins).") { username };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var id = await FindIdAsync(services, result.GetRequiredValue(username));
            var user = await services.GetRequiredService<UserAdmin>().UnlockAsync(id, ct);
            CliOutput.Line($"Unlocked '{user.Username}'.");
        }, cancellationToken)));
        return command;
    }

    private static Command Roles(CliHost host) => new("roles", "Give users roles, or take them away.")
    {
        ChangeRole(host, add: true), ChangeRole(host, add: false),
    };

    private static Command ChangeRole(CliHost host, bool add)
    {
        var username = UsernameArgument();
        var role = new Argument<string>("ROLE") { Description = "The name (or id) of a User role." };
        var command = add
            ? new Command("add", "Give a user a role (a User role).") { username, role }
            : new Command("remove", "Take a role from a user (at their next token).") { username, role };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var userId = await FindIdAsync(services, result.GetRequiredValue(username));
            var roleId = await services.GetRequiredService<RoleAdmin>().FindIdAsync(result.GetRequiredValue(role), ct);
            var holders = services.GetRequiredService<RoleHolders>();
            if (add)
            {
                await holders.AssignUserRolesAsync(userId, [roleId], ct);
            }
            else
            {
                await holders.RemoveUserRoleAsync(userId, roleId, ct);
            }
            CliOutput.Line(add ? $"Gave '{result.GetValue(username)}' the role '{result.GetValue(role)}'." : $"Took the role '{result.GetValue(role)}' from '{result.GetValue(username)}'.");
        }, cancellationToken)));
        return command;
    }

    private static Argument<string> UsernameArgument() => new("USERNAME") { Description = "The user's username (or id)." };

    private static (Option<string> Password, Option<bool> Stdin) PasswordOptions() => (
        new Option<string>("--password") { Description = "The password. Note: it stays in the shell history and is visible to other processes; prefer --password-stdin." },
        new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." });

    private static void OnlyOne(CommandResult result, Option<string> password, Option<bool> stdin, bool required)
    {
        var given = result.GetResult(password) is not null;
        var fromStdin = result.GetValue(stdin);
        if (given && fromStdin)
        {
            result.AddError("Give either --password or --password-stdin, not both.");
        }
        else if (required && !given && !fromStdin)
        {
            result.AddError("The new password is required: give --password-stdin (recommended) or --password.");
        }
    }

    private static async Task<string?> ReadPasswordAsync(ParseResult result, Option<string> password, Option<bool> stdin, CancellationToken cancellationToken) =>
        result.GetValue(stdin)
            ? await Console.In.ReadLineAsync(cancellationToken) ?? throw new CliException("--password-stdin: standard input is empty.")
            : result.GetValue(password);

    // Users are named by username on the command line; the admin service works by id.
    private static async Task<string> FindIdAsync(IServiceProvider services, string username) =>
        (await services.GetRequiredService<UserManager<UserAccount>>().FindByNameAsync(username))?.Id
        ?? (await services.GetRequiredService<UserManager<UserAccount>>().FindByIdAsync(username))?.Id
        ?? throw new NotFoundException("User", username);

    private static DateTimeOffset? ParseInstant(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        result.AddError($"'{text}' is not an ISO 8601 date and time, e.g. 2030-01-31T18:00:00Z.");
        return null;
    }

    private static string Locked(UserView user) => !user.IsLocked ? "no"
        : user.LockedUntil is { } until && until < DateTimeOffset.MaxValue.AddYears(-1) ? "until " + until.ToString("u", CultureInfo.InvariantCulture)
        : "for good";
}
