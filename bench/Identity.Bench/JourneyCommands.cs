using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Identity.Bench;

/// <summary>One command text (normalized) and how often one request kind sent it.</summary>
public sealed record DbCommandCount(string Request, int Count, string Command);

/// <summary>The database commands of one password journey, by request, and those sent outside any request meanwhile.</summary>
public sealed record JourneyCommandLog(int Requests, int Total, int TransactionsCommitted, IReadOnlyList<DbCommandCount> Commands,
    IReadOnlyList<DbCommandCount> Background)
{
    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine();
        md.AppendLine("Database commands of one password journey (EF Core's command log; authorize, sign-in page, POST, callback, token, userinfo): " +
            string.Create(CultureInfo.InvariantCulture, $"{Total} commands in {Requests} requests; {TransactionsCommitted} transactions committed through EF Core."));
        md.AppendLine();
        md.AppendLine("| request | count | command |");
        md.AppendLine("|---|--:|---|");
        foreach (var c in Commands) md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Request} | {c.Count} | `{c.Command}` |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| total | {Total} | |");
        if (Background.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Meanwhile outside any request (background services, not counted above): " +
                string.Join("; ", Background.Select(c => $"{c.Count} x `{c.Command}`")));
        }
        return md.ToString();
    }
}

/// <summary>
/// Counts the database commands of one password journey without changing the server: a separate instance on the same
/// data logs EF Core's commands (and ASP.NET Core's request starts) as JSON lines; the driver runs a warm-up journey,
/// then one measured journey, and reads what the server printed meanwhile. A command belongs to the request whose
/// RequestId is in its logging scopes; commands without one come from background services.
/// </summary>
public static partial class JourneyCommands
{
    private const string CommandCategory = "Microsoft.EntityFrameworkCore.Database.Command";
    private const string TransactionCategory = "Microsoft.EntityFrameworkCore.Database.Transaction";
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private const int CommandExecuted = 20101, TransactionCommitted = 20202, RequestStarting = 1;

    // The console logger writes from a queue of its own: give it time to print a journey's lines.
    private static readonly TimeSpan Flush = TimeSpan.FromSeconds(1.5);

    /// <summary>The configuration of the logging instance (on top of the measured server's).</summary>
    public static IReadOnlyDictionary<string, string> Logging { get; } = new Dictionary<string, string>
    {
        ["Logging__Console__FormatterName"] = "json",
        ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
        [$"Logging__LogLevel__{CommandCategory}"] = "Information",
        [$"Logging__LogLevel__{TransactionCategory}"] = "Debug",
        [$"Logging__LogLevel__{HostingCategory}"] = "Information",
    };

    public static async Task<JourneyCommandLog> MeasureAsync(ServerProcess server, BenchData data)
    {
        using var http = BenchHttp.Create(server.BaseUri, 4);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var journey = Scenarios.AuthorizationCodeJourney(Provider.Identity, data);
        await journey.Operation(http, timeout.Token); // warm-up: first-use caches, the JIT, pooled connections
        await Task.Delay(Flush);
        List<string> lines;
        using (var capture = server.Capture())
        {
            await journey.Operation(http, timeout.Token);
            await Task.Delay(Flush);
            lines = capture.Lines;
        }
        return Parse(lines);
    }

    public static JourneyCommandLog Parse(IEnumerable<string> lines)
    {
        var requests = new Dictionary<string, string>(); // RequestId -> "3. POST /sign-in", numbered in the order they started
        var commands = new List<(string? RequestId, string Sql)>();
        var committed = 0;
        foreach (var line in lines)
        {
            if (!line.StartsWith('{')) continue;
            using var entry = JsonDocument.Parse(line);
            var root = entry.RootElement;
            var category = root.TryGetProperty("Category", out var c) ? c.GetString() : null;
            var eventId = root.TryGetProperty("EventId", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : -1;
            var requestId = Scope(root, "RequestId");
            if (category == HostingCategory && eventId == RequestStarting && requestId is not null && root.TryGetProperty("State", out var state))
            {
                requests[requestId] = $"{requests.Count + 1}. {Text(state, "Method")} {Text(state, "PathBase")}{Text(state, "Path")}";
            }
            else if (category == CommandCategory && eventId == CommandExecuted && root.TryGetProperty("State", out var command))
            {
                commands.Add((requestId, Text(command, "commandText")));
            }
            else if (category == TransactionCategory && eventId == TransactionCommitted && requestId is not null)
            {
                committed++;
            }
        }
        var inRequests = commands.Where(c => c.RequestId is not null).ToList();
        return new JourneyCommandLog(requests.Count, inRequests.Count, committed,
            Count(inRequests.Select(c => (requests.GetValueOrDefault(c.RequestId!, "(request)"), c.Sql))),
            Count(commands.Where(c => c.RequestId is null).Select(c => ("", c.Sql))));
    }

    // In the order first seen: a request's commands stay together, in the journey's order.
    private static List<DbCommandCount> Count(IEnumerable<(string Request, string Sql)> commands) =>
        commands.Select(c => (c.Request, Sql: Normalize(c.Sql)))
            .GroupBy(c => c)
            .Select(g => new DbCommandCount(g.Key.Request, g.Count(), Summarize(g.Key.Sql)))
            .ToList();

    private static string? Scope(JsonElement entry, string name)
    {
        if (!entry.TryGetProperty("Scopes", out var scopes) || scopes.ValueKind != JsonValueKind.Array) return null;
        foreach (var scope in scopes.EnumerateArray())
        {
            if (scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty(name, out var value)) return value.ToString();
        }
        return null;
    }

    private static string Text(JsonElement state, string name) => state.TryGetProperty(name, out var value) ? value.ToString() : "";

    /// <summary>One line, no values: literals and parameter names replaced, so the same command counts once.</summary>
    public static string Normalize(string sql)
    {
        var text = Whitespace().Replace(sql, " ").Trim();
        text = StringLiteral().Replace(text, "'?'");
        text = Parameter().Replace(text, "@p");
        return NumberLiteral().Replace(text, "?");
    }

    /// <summary>
    /// The first statement's shape in ~120 characters: a SELECT's column list, an INSERT's column and value lists and an
    /// UPDATE's assignments become "...", and a batch says how many statements follow.
    /// </summary>
    public static string Summarize(string normalized)
    {
        var statements = normalized.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var first = statements.Length == 0 ? normalized : statements[0];
        if (first.StartsWith("SELECT ", StringComparison.OrdinalIgnoreCase) && TopLevel(first, " FROM ") is var from and > 0)
        {
            first = "SELECT ..." + first[from..];
        }
        else if (first.StartsWith("INSERT ", StringComparison.OrdinalIgnoreCase))
        {
            while (Parenthesized().IsMatch(first)) first = Parenthesized().Replace(first, "\u0001");
            first = first.Replace("\u0001", "(...)", StringComparison.Ordinal);
        }
        else if (first.StartsWith("UPDATE ", StringComparison.OrdinalIgnoreCase) && TopLevel(first, " SET ") is var set and > 0)
        {
            var where = TopLevel(first, " WHERE ");
            first = first[..(set + 5)] + "..." + (where > set ? first[where..] : "");
        }
        var more = statements.Length > 1 ? $" (+{statements.Length - 1} more statements)" : "";
        return (first.Length > 120 ? first[..117] + "..." : first) + more;
    }

    // The first occurrence of the keyword outside parentheses, or -1.
    private static int TopLevel(string text, string keyword)
    {
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (depth == 0 && string.Compare(text, i, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0) return i;
        }
        return -1;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("'(?:[^']|'')*'")]
    private static partial Regex StringLiteral();

    // EF names them @p0, @__name_0 or @name; Npgsql's own are $1.
    [GeneratedRegex(@"@\w+|\$\d+")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"(?<![\w""$])\d+(?:\.\d+)?(?![\w""])")]
    private static partial Regex NumberLiteral();

    [GeneratedRegex(@"\([^()]*\)")]
    private static partial Regex Parenthesized();
}
