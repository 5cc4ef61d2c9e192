using System.Globalization;
using Identity.Core.Accounts;
using Identity.Core.Audit;
using Identity.Core.Resources;
using Identity.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Identity.Admin.Dashboard;

/// <summary>A count over a window and its change against the window just before it (count minus that count, as Logto's).</summary>
public sealed record CountWithDelta(int Count, int Delta);

/// <summary>Users created on the day, and over the 7 days ending with it (Logto's <c>today</c> and <c>last7Days</c>).</summary>
public sealed record NewUserCounts(CountWithDelta Today, CountWithDelta Last7Days);

/// <summary>How many distinct users were active on one UTC day.</summary>
public sealed record DailyCount(DateOnly Date, int Count);

/// <summary>
/// Active users on a day (DAU), over the 7 days (WAU) and the 30 days (MAU) ending with it, each against the window
/// before; <see cref="DauCurve"/> has the 30 days ending with it, oldest first, days without activity included as 0.
/// </summary>
public sealed record ActiveUserCounts(IReadOnlyList<DailyCount> DauCurve, CountWithDelta Dau, CountWithDelta Wau, CountWithDelta Mau);

/// <summary>
/// The dashboard's numbers, counted in the database. Days are UTC days (midnight to midnight UTC); a window "ending
/// with" a day includes that whole day. A new user is one whose account was created in the window (the users table's
/// <c>CreatedAt</c>; deleted users no longer count). An active user is a distinct user with a successful sign-in or
/// sign-up, or a token issued to them (a grant with a user: client-credentials tokens have none), in the audit log.
/// People holding the console permission are not counted: they run the server, they are not its apps' users (Logto
/// keeps its admins in a tenant of their own for the same reason), so a console admin's own sign-ins never show as use.
/// </summary>
public sealed class DashboardStats(IdentityDataContext db, TimeProvider clock)
{
    /// <summary>The days in <see cref="ActiveUserCounts.DauCurve"/>, and in the MAU window.</summary>
    public const int CurveDays = 30;

    public const int WeekDays = 7;

    /// <summary>The audit entries (successful, with a user) that make their user active.</summary>
    public static IReadOnlyList<string> ActivityTypes { get; } =
        [AuditEventTypes.SignInSucceeded, AuditEventTypes.SignUpSucceeded, AuditEventTypes.TokenIssued];

    private const long MillisecondsPerDay = 86_400_000;

    /// <summary>The clock's current UTC day.</summary>
    public DateOnly TodayUtc => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>How many users there are (console admins not counted).</summary>
    public Task<int> CountUsersAsync(CancellationToken cancellationToken) =>
        db.Users.CountAsync(u => !ConsoleAdminIds.Contains(u.Id), cancellationToken);

    // The users holding the console permission (Access/ConsoleAdmins), as a subquery every count excludes.
    private IQueryable<string> ConsoleAdminIds =>
        db.UserAccessRoles.Where(h => db.AccessRoles.Any(r => r.Id == h.RoleId && r.Name == Access.ConsoleAdmins.RoleName && r.Type == RoleType.User))
            .Select(h => h.UserId);

    // The same for raw SQL: the console role's id (or one no row has), for "UserId NOT IN (SELECT ... WHERE RoleId = @id)".
    private async Task<(string Sql, string RoleId)> ConsoleAdminExclusionAsync(string userIdColumn, int parameterIndex, CancellationToken cancellationToken)
    {
        var roleId = await db.AccessRoles.Where(r => r.Name == Access.ConsoleAdmins.RoleName && r.Type == RoleType.User)
            .Select(r => r.Id).FirstOrDefaultAsync(cancellationToken) ?? string.Empty;
        var entity = db.Model.FindEntityType(typeof(UserRole))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName());
        var index = "{" + parameterIndex.ToString(CultureInfo.InvariantCulture) + "}";
        return ($"{userIdColumn} NOT IN (SELECT {Column(nameof(UserRole.UserId))} FROM {table} WHERE {Column(nameof(UserRole.RoleId))} = {index})", roleId);
    }

    /// <summary>New users today (UTC) and over the last 7 days, against the day and the 7 days before.</summary>
    public Task<NewUserCounts> CountNewUsersAsync(CancellationToken cancellationToken) => CountNewUsersAsync(TodayUtc, cancellationToken);

    /// <summary>New users on <paramref name="day"/> and over the 7 days ending with it, against the day and the 7 days before.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The windows would run past the first or last representable day.</exception>
    public async Task<NewUserCounts> CountNewUsersAsync(DateOnly day, CancellationToken cancellationToken)
    {
        CheckInRange(day, 2 * WeekDays);
        var end = StartOf(day.AddDays(1));
        // One after another: a DbContext runs one query at a time.
        var today = await CountCreatedAsync(StartOf(day), end, cancellationToken);
        var yesterday = await CountCreatedAsync(StartOf(day.AddDays(-1)), StartOf(day), cancellationToken);
        var week = await CountCreatedAsync(StartOf(day.AddDays(1 - WeekDays)), end, cancellationToken);
        var weekBefore = await CountCreatedAsync(StartOf(day.AddDays(1 - 2 * WeekDays)), StartOf(day.AddDays(1 - WeekDays)), cancellationToken);
        return new NewUserCounts(new CountWithDelta(today, today - yesterday), new CountWithDelta(week, week - weekBefore));
    }

    /// <summary>Active users today (UTC): see <see cref="CountActiveUsersAsync(DateOnly, CancellationToken)"/>.</summary>
    public Task<ActiveUserCounts> CountActiveUsersAsync(CancellationToken cancellationToken) => CountActiveUsersAsync(TodayUtc, cancellationToken);

    /// <summary>
    /// Active users on <paramref name="day"/> (against the day before), over the 7 and the 30 days ending with it
    /// (against the 7 and 30 days before those), and each of the 30 days ending with it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The windows would run past the first or last representable day.</exception>
    public async Task<ActiveUserCounts> CountActiveUsersAsync(DateOnly day, CancellationToken cancellationToken)
    {
        CheckInRange(day, 2 * CurveDays);

        var first = day.AddDays(1 - CurveDays);
        var curve = await CountDailyActiveAsync(first, CurveDays, cancellationToken);
        var end = StartOf(day.AddDays(1));
        var wau = await CountActiveAsync(StartOf(day.AddDays(1 - WeekDays)), end, cancellationToken);
        var previousWau = await CountActiveAsync(StartOf(day.AddDays(1 - 2 * WeekDays)), StartOf(day.AddDays(1 - WeekDays)), cancellationToken);
        var mau = await CountActiveAsync(StartOf(first), end, cancellationToken);
        var previousMau = await CountActiveAsync(StartOf(day.AddDays(1 - 2 * CurveDays)), StartOf(first), cancellationToken);
        return new ActiveUserCounts(
            curve,
            new CountWithDelta(curve[^1].Count, curve[^1].Count - curve[^2].Count),
            new CountWithDelta(wau, wau - previousWau),
            new CountWithDelta(mau, mau - previousMau));
    }

    // The windows reach daysBack days before the day and its end (the next midnight): both must be dates.
    private static void CheckInRange(DateOnly day, int daysBack, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(day))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(day, DateOnly.MinValue.AddDays(daysBack), name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(day, DateOnly.MaxValue.AddDays(-1), name);
    }

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private IQueryable<AuditLogEntry> Activity =>
        db.AuditLog.AsNoTracking().Where(e => e.UserId != null && e.Outcome == AuditOutcome.Success &&
            (e.Type == AuditEventTypes.SignInSucceeded || e.Type == AuditEventTypes.SignUpSucceeded || e.Type == AuditEventTypes.TokenIssued) &&
            !ConsoleAdminIds.Contains(e.UserId));

    // COUNT(DISTINCT "UserId") over the CreatedAt index's range: one user signing in ten times is one active user.
    private Task<int> CountActiveAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken) =>
        Activity.Where(e => e.CreatedAt >= from && e.CreatedAt < until).Select(e => e.UserId).Distinct().CountAsync(cancellationToken);

    /// <summary>
    /// Distinct active users per day, in one query grouped by the day's number since <paramref name="first"/>. Raw SQL:
    /// CreatedAt is stored as Unix milliseconds behind a value converter, and LINQ cannot do arithmetic through it.
    /// Names and quoting come from the model and the provider, so the same text runs on SQLite, PostgreSQL and SQL Server.
    /// </summary>
    private async Task<IReadOnlyList<DailyCount>> CountDailyActiveAsync(DateOnly first, int days, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(AuditLogEntry))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        string Column(string property) => sql.DelimitIdentifier(entity.FindProperty(property)!.GetColumnName());
        var createdAt = Column(nameof(AuditLogEntry.CreatedAt));
        var userId = Column(nameof(AuditLogEntry.UserId));
        var dayColumn = sql.DelimitIdentifier("Day");

        // {0} the first day's start, {1} the end (Unix ms), {2} the stored Success outcome, {3} the console role's id,
        // {4}.. the activity types.
        var types = string.Join(", ", ActivityTypes.Select((_, i) => "{" + (i + 4).ToString(CultureInfo.InvariantCulture) + "}"));
        var (notAdmin, adminRoleId) = await ConsoleAdminExclusionAsync(userId, 3, cancellationToken);
        var text = $$"""
            SELECT {{dayColumn}}, CAST(COUNT(DISTINCT {{userId}}) AS BIGINT) AS {{sql.DelimitIdentifier(nameof(DayRow.Users))}}
            FROM (
                SELECT CAST(({{createdAt}} - {0}) / {{MillisecondsPerDay}} AS BIGINT) AS {{dayColumn}}, {{userId}}
                FROM {{table}}
                WHERE {{createdAt}} >= {0} AND {{createdAt}} < {1} AND {{userId}} IS NOT NULL
                    AND {{Column(nameof(AuditLogEntry.Outcome))}} = {2} AND {{Column(nameof(AuditLogEntry.Type))}} IN ({{types}})
                    AND {{notAdmin}}
            ) {{sql.DelimitIdentifier("Activity")}}
            GROUP BY {{dayColumn}}
            """;
        var outcome = entity.FindProperty(nameof(AuditLogEntry.Outcome))!.GetTypeMapping().Converter!.ConvertToProvider(AuditOutcome.Success)!;
        object[] parameters =
        [
            StartOf(first).ToUnixTimeMilliseconds(), StartOf(first.AddDays(days)).ToUnixTimeMilliseconds(), outcome, adminRoleId, .. ActivityTypes,
        ];

        var rows = await db.Database.SqlQueryRaw<DayRow>(text, parameters).ToListAsync(cancellationToken);
        var counts = rows.ToDictionary(r => r.Day, r => checked((int)r.Users));
        return [.. Enumerable.Range(0, days).Select(i => new DailyCount(first.AddDays(i), counts.GetValueOrDefault(i)))];
    }

    /// <summary>Users created in [from, until).</summary>
    private async Task<int> CountCreatedAsync(DateTimeOffset from, DateTimeOffset until, CancellationToken cancellationToken)
    {
        if (db is not SqliteIdentityDataContext)
        {
            return await db.Users.CountAsync(u => u.CreatedAt >= from && u.CreatedAt < until && !ConsoleAdminIds.Contains(u.Id), cancellationToken);
        }

        // SQLite stores a DateTimeOffset as text and EF Core cannot compare it there; julianday() reads that text (any
        // offset) as an instant, to the millisecond.
        var entity = db.Model.FindEntityType(typeof(UserAccount))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var createdAt = sql.DelimitIdentifier(entity.FindProperty(nameof(UserAccount.CreatedAt))!.GetColumnName());
        var (notAdmin, adminRoleId) = await ConsoleAdminExclusionAsync(sql.DelimitIdentifier(entity.FindProperty(nameof(UserAccount.Id))!.GetColumnName()), 2, cancellationToken);
        var text = $$"""
            SELECT COUNT(*) AS {{sql.DelimitIdentifier("Value")}} FROM {{sql.DelimitIdentifier(entity.GetTableName()!)}}
            WHERE julianday({{createdAt}}) >= julianday({0}) AND julianday({{createdAt}}) < julianday({1}) AND {{notAdmin}}
            """;
        return await db.Database.SqlQueryRaw<int>(text, SqliteTime(from), SqliteTime(until), adminRoleId).SingleAsync(cancellationToken);
    }

    private static string SqliteTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) + "+00:00";

    /// <summary>One row of the daily query: the day's number from the first day, and its distinct users.</summary>
    private sealed class DayRow
    {
        public long Day { get; set; }

        public long Users { get; set; }
    }
}
