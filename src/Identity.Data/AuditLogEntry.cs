using Identity.Core.Audit;

namespace Identity.Data;

/// <summary>One row of the audit log: what happened, to whom, through which app, by which admin, from where.</summary>
public sealed class AuditLogEntry
{
    public const int MaxTypeLength = 64;
    public const int MaxUserIdLength = 450;
    public const int MaxUsernameLength = 256;
    public const int MaxClientIdLength = 100;
    public const int MaxActorLength = 100;
    public const int MaxIpAddressLength = 64;
    public const int MaxUserAgentLength = 256;
    public const int MaxDetailsLength = 4000;

    /// <summary>At most this many details, each value cut to <see cref="MaxDetailValueLength"/>: the JSON always fits.</summary>
    public const int MaxDetails = 8;
    public const int MaxDetailValueLength = 256;

    /// <summary>Ascending with every insert: breaks ties between entries written within one clock tick.</summary>
    public long Id { get; set; }

    /// <summary>When it happened (stored as Unix milliseconds, so every provider can compare and sort it).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    public required string Type { get; set; }

    public AuditOutcome Outcome { get; set; }

    public string? UserId { get; set; }

    public string? Username { get; set; }

    public string? ClientId { get; set; }

    /// <summary>Who made an admin change: the Management API client id, <c>cli</c>, <c>seed</c> or <c>bootstrap</c>.</summary>
    public string? Actor { get; set; }

    public string? IpAddress { get; set; }

    /// <summary>The caller's User-Agent, cut to <see cref="MaxUserAgentLength"/> characters.</summary>
    public string? UserAgent { get; set; }

    /// <summary>A small JSON object of names and string values (see <see cref="AuditEvent.Details"/>).</summary>
    public string? Details { get; set; }
}
