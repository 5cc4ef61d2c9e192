using Identity.Core.Audit;

namespace Identity.Server.Audit;

/// <summary>The <c>token.issued</c> audit entry, one shape whichever path issued the token.</summary>
public static class TokenIssuedAudit
{
    public static AuditEvent For(string? grantType, string? scope, string? clientId, string? userId, string? username) =>
        new(AuditEventTypes.TokenIssued, AuditOutcome.Success)
        {
            UserId = userId,
            Username = username,
            ClientId = clientId,
            Details = new Dictionary<string, string?> { ["grantType"] = grantType, ["scope"] = scope },
        };
}
