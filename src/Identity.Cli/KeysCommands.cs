using System.CommandLine;
using System.Globalization;
using Identity.Data;
using Identity.Keys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;

namespace Identity.Cli;

internal static class KeysCommands
{
    public static Command Create(CliHost host) => new("keys",
        "List and rotate the token signing keys. A new key is published in the JWKS at once and signs only after " +
        "Keys:ActivationDelay (1 day by default); the key it replaces stays published until its tokens have expired. " +
        "Running servers pick up the change within Keys:ReloadInterval (1 minute by default), without a restart.")
    {
        List(host), Rotate(host),
    };

    private static Command List(CliHost host)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var command = new Command("list", "List the signing keys: id (kid), state, algorithm, and when each activates, is replaced and leaves the JWKS.") { json };
        command.SetAction((result, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var (ring, plan, now) = await LoadAsync(services, ct);
            var rows = plan.Select(k => new
            {
                k.Id,
                k.Record.Algorithm,
                State = k.StateAt(now).ToString().ToLowerInvariant(),
                k.Record.CreatedAt,
                k.ActivatesAt,
                k.ReplacedAt,
                k.PublishedUntil,
                k.UsableUntil,
            }).ToList();
            if (result.GetValue(json))
            {
                CliOutput.WriteJson(rows);
                return;
            }

            CliOutput.WriteTable(
                ["KID", "STATE", "ALG", "CREATED", "SIGNS FROM", "REPLACED", "IN JWKS UNTIL"],
                rows.Select(r => (IReadOnlyList<string>)[r.Id, r.State, r.Algorithm, Time(r.CreatedAt), Time(r.ActivatesAt), Time(r.ReplacedAt), Time(r.PublishedUntil)]),
                "No signing keys yet: they are created at the server's first start.");
            if (ring.Options.RotationInterval is { } interval)
            {
                CliOutput.Line($"Automatic rotation: a new key {interval.ToString("c", CultureInfo.InvariantCulture)} after the newest one.");
            }
        }, cancellationToken)));
        return command;
    }

    private static Command Rotate(CliHost host)
    {
        var command = new Command("rotate",
            "Add a new signing key for each configured algorithm (Keys:Algorithm for ID tokens, Keys:AccessTokenAlgorithm for the others): " +
            "published in the JWKS now, signing after Keys:ActivationDelay; the current keys keep signing until then and stay published until the tokens they signed have expired.");
        command.SetAction((_, cancellationToken) => CliOutput.GuardAsync(() => host.RunAsync(async (services, ct) =>
        {
            var (ring, _, _) = await LoadAsync(services, ct);
            var db = services.GetRequiredService<IdentityDataContext>();
            foreach (var (key, added) in await ring.RotateAsync(db, services.GetRequiredService<IDataProtectionProvider>(), services.GetRequiredService<TimeProvider>(), ct))
            {
                var activatesAt = key.CreatedAt + ring.Options.ActivationDelay;
                CliOutput.Line(added
                    ? $"Added signing key '{key.Id}' ({key.Algorithm}): published now, signs from {Time(activatesAt)}."
                    : $"Signing key '{key.Id}' ({key.Algorithm}) was just added by another instance: published now, signs from {Time(activatesAt)}.");
            }
            CliOutput.Line("Running servers publish new keys within Keys:ReloadInterval; the current keys sign until then and stay published until their tokens have expired.");
        }, cancellationToken)));
        return command;
    }

    private static async Task<(SigningKeyRing Ring, IReadOnlyList<ScheduledSigningKey> Plan, DateTimeOffset Now)> LoadAsync(
        IServiceProvider services, CancellationToken cancellationToken)
    {
        var ring = services.GetRequiredService<SigningKeyRing>();
        var clock = services.GetRequiredService<TimeProvider>();
        await ring.LoadAsync(services.GetRequiredService<IdentityDataContext>(), services.GetRequiredService<IDataProtectionProvider>(), clock, cancellationToken);
        var lifetimes = TokenLifetimes.From(services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue);
        return (ring, ring.Plan(lifetimes), clock.GetUtcNow());
    }

    private static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";
}
