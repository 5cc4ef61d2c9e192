using System.Globalization;
using Identity.Admin;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Identity.Admin.ManagementApi;

/// <summary><c>/api/logs</c>: the audit log, newest first.</summary>
internal static class LogsEndpoints
{
    public static void MapLogs(this RouteGroupBuilder api)
    {
        api.MapGet("/logs", ListAsync).WithTags("Logs").WithName("ListLogs")
            .WithSummary("Lists audit log entries, newest first: sign-ins, failed sign-ins, lockouts, sign-ups, sign-outs, token grants " +
                "and admin changes. Filters: type (a type such as signIn.failed, or a prefix ending in a dot such as signIn.), userId, " +
                "clientId, outcome (success or failure), since (inclusive) and until (exclusive) as ISO 8601 times with an offset. " +
                $"Paged like /api/users (page from 1, page_size 1-{Paging.MaxPageSize}, default {Paging.DefaultPageSize}); " +
                $"the total is in the {Paging.TotalNumberHeader} header.")
            .ProducesValidationProblem()
            .DocumentPaging("How many entries match, over all pages.");
    }

    private static async Task<Ok<IReadOnlyList<AuditLogView>>> ListAsync(
        HttpResponse response, AuditLogReader reader, string? type, string? userId, string? clientId, string? since, string? until,
        string? outcome, string? page, [FromQuery(Name = "page_size")] string? pageSize, CancellationToken cancellationToken)
    {
        var filter = new AuditLogFilter(Blank(type), Blank(userId), Blank(clientId), ParseTime(since, "since"), ParseTime(until, "until"), Blank(outcome));
        var pageNumber = Paging.Parse(page, "page", 1);
        var size = Paging.Parse(pageSize, "page_size", Paging.DefaultPageSize);
        AuditLogReader.Validate(filter, pageNumber, size, "page_size");

        var result = await reader.ListAsync(filter, pageNumber, size, cancellationToken);
        response.Headers[Paging.TotalNumberHeader] = result.Total.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Ok(result.Items);
    }

    // An offset is required: a bare local time would mean different instants on different servers.
    private static DateTimeOffset? ParseTime(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : HasOffset(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time
        : throw AdminValidationException.For(name, "must be an ISO 8601 time with an offset, e.g. 2026-01-31T12:00:00Z.");

    private static bool HasOffset(string value) =>
        value.EndsWith('Z') || value.EndsWith('z') || (value.Length > 6 && value[^6] is '+' or '-' && value[^3] == ':');

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
