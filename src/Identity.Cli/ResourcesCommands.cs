using System.CommandLine;
using System.Globalization;
using Identity.Admin;
using Identity.Admin.Definitions;
using Identity.Core.Resources;

namespace Identity.Cli;

internal static class ResourcesCommands
{
    public static Command Create(CliHost host) => new("resources", "List, add and remove API resources (the APIs apps get access tokens for).")
    {
        List(host), Add(host), Remove(host),
    };

    private static Command List(CliHost host)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (each resource with its scopes) instead of a table." };
        var command = new Command("list", "List the API resources and their scopes.") { json };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var admin = services.GetRequiredService<ResourceAdmin>();
            var resources = new List<(ResourceView Resource, IReadOnlyList<ScopeView> Scopes)>();
            foreach (var resource in await admin.ListAsync(ct))
            {
                resources.Add((resource, await admin.ListScopesAsync(resource.Id, ct)));
            }
            if (result.GetValue(json))
            {
                CliOutput.WriteJson(resources.Select(r => new { r.Resource.Id, r.Resource.Indicator, r.Resource.Name, r.Resource.AccessTokenTtl, r.Scopes }));
                return;
            }

            CliOutput.WriteTable(
                ["INDICATOR", "NAME", "TTL", "ID", "SCOPES"],
                resources.Select(r => (IReadOnlyList<string>)[r.Resource.Indicator, r.Resource.Name,
                    r.Resource.AccessTokenTtl.ToString(CultureInfo.InvariantCulture), r.Resource.Id, string.Join(" ", r.Scopes.Select(s => s.Name))]),
                "No resources.");
        }, cancellationToken)));
        return command;
    }

    private static Command Add(CliHost host)
    {
        var indicator = new Option<string>("--indicator") { Description = "An absolute URI, e.g. https://api.example.com: the tokens' audience. Fixed once created.", Required = true };
        var name = new Option<string>("--name") { Description = "The resource's name.", Required = true };
        var ttl = new Option<int?>("--ttl")
        {
            Description = $"Access token lifetime in seconds, {ResourceRules.MinAccessTokenTtl}-{ResourceRules.MaxAccessTokenTtl} (default {ApiResource.DefaultAccessTokenTtl}).",
        };
        var scopes = new Option<string[]>("--scope") { Description = "A permission of the resource, such as read:books (repeat for more)." };
        var command = new Command("add", "Add an API resource with its scopes.") { indicator, name, ttl, scopes };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var created = await services.GetRequiredService<ResourceAdmin>().CreateAsync(new ResourceDefinition
            {
                Indicator = result.GetValue(indicator), Name = result.GetValue(name), AccessTokenTtl = result.GetValue(ttl),
                Scopes = [.. (result.GetValue(scopes) ?? []).Select(s => new ScopeDefinition { Name = s })],
            }, ct);
            CliOutput.Line($"Added resource '{created.Indicator}' (id {created.Id}).");
        }, cancellationToken)));
        return command;
    }

    private static Command Remove(CliHost host)
    {
        var indicator = new Argument<string>("INDICATOR") { Description = "The resource's indicator (or id)." };
        var command = new Command("remove", "Remove an API resource and its scopes; roles stop granting them.") { indicator };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var admin = services.GetRequiredService<ResourceAdmin>();
            await admin.DeleteAsync(await admin.FindIdAsync(result.GetRequiredValue(indicator), ct), ct);
            CliOutput.Line($"Removed resource '{result.GetValue(indicator)}'.");
        }, cancellationToken)));
        return command;
    }
}
