using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connectors.Abstractions;
using Identity.Core.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.Social;

/// <summary>
/// Where a social sign-in waits between requests: the attempt started in this browser (until the provider calls back),
/// then, when the user must pick a username, the profile the provider returned. Only hashes of the state and of the
/// browser's nonce are stored, and the code verifier and the profile are encrypted, so a copy of the table cannot
/// finish anyone's sign-in.
/// </summary>
public sealed class SocialAttemptStore(IIdentityData data, IDataProtectionProvider dataProtection, TimeProvider clock)
{
    /// <summary>How long a user has to finish at the provider (and to pick a username afterwards).</summary>
    public static readonly TimeSpan AttemptLifetime = TimeSpan.FromMinutes(10);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Identity.Social.Attempts.v1");

    /// <summary>A new attempt, and the secrets that go to the provider (state, PKCE challenge) and to the browser.</summary>
    public async Task<NewAttempt> StartAsync(string connectorId, string returnUrl, Uri redirectUri, bool usesPkce, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await data.SocialAttempts.Where(a => a.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);

        var state = NewSecret();
        var browserNonce = NewSecret();
        var verifier = usesPkce ? NewSecret() : null;
        var attempt = new SocialAttempt
        {
            Id = Hash(state),
            BrowserBinding = Hash(browserNonce),
            ConnectorId = connectorId,
            ReturnUrl = returnUrl,
            RedirectUri = redirectUri.AbsoluteUri,
            ProtectedCodeVerifier = verifier is null ? null : _protector.Protect(verifier),
            Stage = SocialAttemptStage.Started,
            CreatedAt = now,
            ExpiresAt = now + AttemptLifetime,
        };
        data.SocialAttempts.Add(attempt);
        await data.SaveChangesAsync(cancellationToken);

        var challenge = verifier is null ? null : WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return new NewAttempt(new AuthorizationRequest(state, redirectUri, challenge), browserNonce, attempt.ExpiresAt);
    }

    /// <summary>
    /// The attempt the provider's callback belongs to, used up: its state must match an attempt started in this browser
    /// for this connector, not expired, and of two callbacks racing with the same state only one gets it. Null otherwise.
    /// </summary>
    public async Task<(SocialAttempt Attempt, string? CodeVerifier)?> ConsumeAsync(
        string connectorId, string? state, string? browserNonce, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state) || string.IsNullOrEmpty(browserNonce))
        {
            return null;
        }

        var id = Hash(state);
        var attempt = await data.SocialAttempts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (attempt is null || attempt.ConnectorId != connectorId || attempt.Stage != SocialAttemptStage.Started ||
            !FixedTimeEquals(attempt.BrowserBinding, Hash(browserNonce)) || attempt.ExpiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        if (await data.SocialAttempts.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken) != 1)
        {
            return null;
        }
        return (attempt, attempt.ProtectedCodeVerifier is null ? null : _protector.Unprotect(attempt.ProtectedCodeVerifier));
    }

    /// <summary>Keeps the provider's profile, encrypted, until the same browser picks a username.</summary>
    public async Task AwaitUsernameAsync(string browserBinding, ConnectorInstance instance, string returnUrl, SocialProfile profile,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        data.SocialAttempts.Add(new SocialAttempt
        {
            Id = Hash(NewSecret()),
            BrowserBinding = browserBinding,
            ConnectorId = instance.Id,
            ReturnUrl = returnUrl,
            RedirectUri = string.Empty,
            Stage = SocialAttemptStage.AwaitingUsername,
            ProtectedProfile = _protector.Protect(JsonSerializer.Serialize(new PendingProfile(instance.Target, profile))),
            CreatedAt = now,
            ExpiresAt = now + AttemptLifetime,
        });
        await data.SaveChangesAsync(cancellationToken);
    }

    /// <summary>This browser's newest attempt waiting for a username, or null.</summary>
    public async Task<SocialAttempt?> FindAwaitingUsernameAsync(string? browserNonce, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(browserNonce))
        {
            return null;
        }

        var binding = Hash(browserNonce);
        var now = clock.GetUtcNow();
        var pending = await data.SocialAttempts.AsNoTracking()
            .Where(a => a.BrowserBinding == binding && a.Stage == SocialAttemptStage.AwaitingUsername)
            .ToListAsync(cancellationToken);
        return pending.Where(a => a.ExpiresAt > now).OrderByDescending(a => a.CreatedAt).FirstOrDefault();
    }

    /// <summary>The connector target and profile kept by <see cref="AwaitUsernameAsync"/>, or null when there is none.</summary>
    public PendingProfile? ReadProfile(SocialAttempt pending) =>
        pending.ProtectedProfile is null ? null : JsonSerializer.Deserialize<PendingProfile>(_protector.Unprotect(pending.ProtectedProfile));

    public Task DeleteAsync(SocialAttempt attempt, CancellationToken cancellationToken) =>
        data.SocialAttempts.Where(a => a.Id == attempt.Id).ExecuteDeleteAsync(cancellationToken);

    private static string NewSecret() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string value) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static bool FixedTimeEquals(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(left), Encoding.ASCII.GetBytes(right));
}

/// <summary>A started attempt: the request for the provider's authorization endpoint and the browser's nonce.</summary>
public sealed record NewAttempt(AuthorizationRequest Request, string BrowserNonce, DateTimeOffset ExpiresAt);

/// <summary>What a sign-up waiting for a username remembers of the provider's answer.</summary>
public sealed record PendingProfile(string Target, SocialProfile Profile);
