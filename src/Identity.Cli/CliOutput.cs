using System.Data.Common;
using System.Text.Json;
using Identity.Admin;
using Identity.Admin.Seeding;
using Microsoft.EntityFrameworkCore;

namespace Identity.Cli;

/// <summary>A CLI-level failure (such as an unreadable input file): printed as is, exit code 1.</summary>
public sealed class CliException(string message) : Exception(message);

/// <summary>
/// What the CLI prints: tables and JSON on stdout, errors on stderr. The one place that turns a failure into a message
/// and an exit code: 0 success, 1 the operation failed, 2 usage error (the parser's, see <see cref="CliApplication"/>).
/// </summary>
internal static class CliOutput
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Runs a command's work; any failure becomes <c>error: ...</c> lines on stderr (never a stack trace) and exit code 1.</summary>
    public static async Task<int> GuardAsync(Func<Task> work)
    {
        try
        {
            await work();
            return Success;
        }
#pragma warning disable CA1031 // The CLI's last line of defence: every failure is reported as a message and exit code 1.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            foreach (var line in Describe(exception))
            {
                await Console.Error.WriteLineAsync("error: " + line);
            }
            return Failed;
        }
    }

    private static IEnumerable<string> Describe(Exception exception) => exception switch
    {
        AdminValidationException invalid => invalid.Problems.Select(p => $"{p.Path}: {p.Message}"),
        ConflictException conflict => [$"{conflict.Field}: {conflict.Message}"],
        AdminException admin => [admin.Message],
        SeedException or CliException => [exception.Message],
        DbException or DbUpdateException => ["database: " + exception.GetBaseException().Message],
        OperationCanceledException => ["cancelled."],
        _ when exception.InnerException is { } inner && inner.Message != exception.Message => [$"{exception.Message} ({inner.GetBaseException().Message})"],
        _ => [exception.Message],
    };

    public static void Line(string text) => Console.Out.WriteLine(text);

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Prints a left-aligned table with a header row, or <paramref name="empty"/> when there are no rows.</summary>
    public static void WriteTable(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string empty)
    {
        var all = rows.ToList();
        if (all.Count == 0)
        {
            Line(empty);
            return;
        }

        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Max(r => r[i].Length))).ToArray();
        string Format(IReadOnlyList<string> cells) => string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
        Line(Format(headers));
        foreach (var row in all)
        {
            Line(Format(row));
        }
    }

    /// <summary>Prints a freshly created or rotated secret, with the warning that it cannot be read back.</summary>
    public static void WriteSecret(string secret)
    {
        Line($"Client secret: {secret}");
        Line("Note: copy the secret now; it will not be shown again (only a hash is stored). Rotate it if it is lost.");
    }
}
