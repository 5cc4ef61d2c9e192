using System.CommandLine;
using Identity.Core.Applications;
using Identity.Admin.Definitions;
using Identity.Admin;

namespace Identity.Cli;

internal static class AppsCommands
{
    public static Command Create(CliHost host) => new("apps", "List, add and manage the applications (OIDC clients) that may sign users in.")
    {
        List(host), Add(host), RotateSecret(host),
    };

    private static Command List(CliHost host)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("list", "List the applications (secrets are never shown).") { json };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var apps = await services.GetRequiredService<ApplicationAdmin>().ListAsync(ct);
            if (result.GetValue(json))
            {
                CliOutput.WriteJson(apps);
                return;
            }

            CliOutput.WriteTable(
                ["ID", "NAME", "TYPE", "CONFIDENTIAL", "REDIRECT URIS"],
                apps.Select(a => (IReadOnlyList<string>)[a.Id, a.Name, a.Type, a.IsConfidential ? "yes" : "no", string.Join(" ", a.RedirectUris)]),
                "No applications.");
        }, cancellationToken)));
        return command;
    }

    private static Command Add(CliHost host)
    {
        var id = new Option<string>("--id") { Description = "The client id: at most 100 letters, digits, '-', '_' or '.'.", Required = true };
        var name = new Option<string>("--name") { Description = "The name shown to users.", Required = true };
        var type = new Option<string>("--type")
        {
            Description = $"The application type: {string.Join(", ", Enum.GetNames<ApplicationType>())}.", Required = true,
        };
        type.CompletionSources.Add(Enum.GetNames<ApplicationType>());
        var redirectUris = new Option<string[]>("--redirect-uri") { Description = "A redirect URI after sign-in (repeat for more)." };
        var postLogoutUris = new Option<string[]>("--post-logout-redirect-uri") { Description = "A redirect URI after sign-out (repeat for more)." };
        var scopes = new Option<string[]>("--scope") { Description = "An extra scope the application may request, such as 'management' (repeat for more)." };
        var secret = new Option<string>("--secret")
        {
            Description = "The client secret of a Traditional or MachineToMachine application (at least 16 characters); " +
                "generated when left out. Note: a value on the command line stays in the shell history.",
        };
        var defaultResource = new Option<string>("--default-resource")
        {
            Description = "The indicator of an API resource its users get access tokens for when the app asks for none.",
        };
        var command = new Command("add", "Add an application; a confidential one's secret is printed once.")
        {
            id, name, type, redirectUris, postLogoutUris, scopes, secret, defaultResource,
        };

        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var created = await services.GetRequiredService<ApplicationAdmin>().CreateAsync(new ApplicationDefinition
            {
                Id = result.GetValue(id), Name = result.GetValue(name), Type = result.GetValue(type), Secret = result.GetValue(secret),
                RedirectUris = [.. result.GetValue(redirectUris) ?? []],
                PostLogoutRedirectUris = [.. result.GetValue(postLogoutUris) ?? []],
                Scopes = [.. result.GetValue(scopes) ?? []],
                DefaultResource = result.GetValue(defaultResource),
            }, ct);
            CliOutput.Line($"Added application '{created.Application.Id}' ({created.Application.Type}).");
            if (created.Secret is { } clientSecret)
            {
                CliOutput.WriteSecret(clientSecret);
            }
        }, cancellationToken)));
        return command;
    }

    private static Command RotateSecret(CliHost host)
    {
        var id = new Argument<string>("ID") { Description = "The client id of a Traditional or MachineToMachine application." };
        var command = new Command("rotate-secret", "Replace an application's client secret (the old one stops working at once) and print the new one once.")
        {
            id,
        };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var rotated = await services.GetRequiredService<ApplicationAdmin>().RotateSecretAsync(result.GetRequiredValue(id), ct);
            CliOutput.Line($"Rotated the secret of application '{rotated.Application.Id}'; the old secret no longer works.");
            CliOutput.WriteSecret(rotated.Secret!);
        }, cancellationToken)));
        return command;
    }
}
