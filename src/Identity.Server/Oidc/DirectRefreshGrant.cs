using System.Collections.Immutable;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Identity.Core.Accounts;
using Identity.Data;
using Identity.Keys;
using Identity.Server.Audit;
using Identity.Server.Principals;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using JsonWebTokenTypes = OpenIddict.Abstractions.OpenIddictConstants.JsonWebTokenTypes;

namespace Identity.Server.Oidc;

/// <summary>
/// The refresh grant ahead of OpenIddict's pipeline (see <see cref="DirectTokenEndpoint"/>), when the request is plain
/// and valid: a form POST with <c>grant_type</c>, <c>refresh_token</c> and the client's id (and secret, by HTTP Basic or
/// in the form, for a confidential application), each once, no <c>scope</c> or <c>resource</c>; a refresh token this
/// server issued to that client, unexpired, with nothing in it this path does not reproduce; its user still there with
/// the same security stamp, and the grant within its absolute lifetime with more left than a refresh token's lifetime.
/// <para>
/// It does what OpenIddict and <c>TokenController</c> do for that request, in one transaction instead of three
/// (<see cref="RefreshTokenRotation"/>): the old token is redeemed only if it is still valid and its authorization too,
/// its successor is inserted and the audit entry written; the claims are rebuilt from the user record by the same
/// <see cref="UserClaimsFactory"/>, and the access token, ID token and refresh token carry what OpenIddict would put in
/// them (<c>DirectRefreshGrantTests</c> compares both paths' answers and tokens). A token already used, revoked, or of a
/// revoked grant redeems nothing here and goes on to OpenIddict, which applies the reuse leeway or revokes the chain.
/// Off with <c>TokenEndpoint:DirectRefresh=false</c>.
/// </para>
/// </summary>
public sealed class DirectRefreshGrant(
    IOptionsMonitor<OpenIddictServerOptions> server,
    IOptions<ServerSecurityOptions> security,
    SigningKeyRing ring,
    TimeProvider clock)
{
    public const string Setting = "TokenEndpoint:DirectRefresh";

    private static readonly JsonWebTokenHandler Tokens = new() { SetDefaultTimesOnTokenCreation = false };
    private static readonly HashSet<string> Accepted =
        new([Parameters.GrantType, Parameters.RefreshToken, Parameters.ClientId, Parameters.ClientSecret], StringComparer.Ordinal);

    // The private claims this path reproduces. Any other (resources, per-token lifetimes, ...) is OpenIddict's to handle.
    private static readonly HashSet<string> KnownPrivateClaims = new(
    [
        Claims.Private.TokenId, Claims.Private.AuthorizationId, Claims.Private.Presenter, Claims.Private.Scope,
        Claims.Private.ClaimDestinationsMap, Claims.Private.RedirectUri, Claims.Private.CodeChallenge,
        Claims.Private.CodeChallengeMethod, Claims.Private.Nonce,
    ], StringComparer.Ordinal);

    // Rebuilt for the new token rather than carried over (RestoreInternalClaims restores only what the new principal lacks).
    private static readonly HashSet<string> NotRestored =
        new([Claims.Private.TokenId, Claims.Private.ClaimDestinationsMap, Claims.Private.Scope], StringComparer.Ordinal);

    private static readonly Func<IdentityDataContext, string, CancellationToken, Task<UserAccount?>> FindUser =
        EF.CompileAsyncQuery((IdentityDataContext db, string id, CancellationToken _) => db.Users.AsNoTracking().FirstOrDefault(u => u.Id == id));

    private sealed record Validation(OpenIddictServerOptions Options, TokenValidationParameters Parameters);
    private Validation? _validation;

    public async Task<DirectTokenResponse?> TryIssueAsync(HttpContext context, IFormCollection form)
    {
        if (!DirectTokenRequest.HasOnly(form, Accepted) || DirectTokenRequest.ClientOf(context.Request, form) is not ({ } clientId, var secret))
        {
            return null;
        }
        var cancellationToken = context.RequestAborted;
        var applications = context.RequestServices.GetRequiredService<IOpenIddictApplicationManager>();
        var application = await DirectTokenRequest.AuthenticateAsync(applications, clientId, secret, Permissions.GrantTypes.RefreshToken,
            cancellationToken);
        if (application is null)
        {
            return null;
        }

        var options = server.CurrentValue;
        var issuer = DirectTokenRequest.IssuerOf(context.Request, options);
        var now = clock.GetUtcNow();
        using var old = await ReadAsync(form[Parameters.RefreshToken].ToString(), options, issuer, now);
        if (old is null || GrantOf(old.RootElement, clientId) is not { } grant)
        {
            return null;
        }

        // The rules TokenController applies (UserGrantRules). Near the chain's absolute end OpenIddict writes the shortened
        // lifetime into the token: left to it.
        var db = context.RequestServices.GetRequiredService<IdentityDataContext>();
        var user = await FindUser(db, grant.Subject, cancellationToken);
        var started = UserGrantRules.StartedAt(grant.StartSeconds, now);
        if (!UserGrantRules.StillHolds(user, grant.SecurityStamp) || options.RefreshTokenLifetime is not { } refreshLifetime
            || UserGrantRules.Remaining(started, security.Value.RefreshTokenAbsoluteLifetime, now) < refreshLifetime)
        {
            return null;
        }

        var openId = grant.Scopes.Contains(Scopes.OpenId);
        if (ScheduledSigning.CredentialsFor(ring, options, idToken: false) is not { } signing
            || (openId ? ScheduledSigning.CredentialsFor(ring, options, idToken: true) : signing) is not { } idSigning
            || options.EncryptionCredentials.Count == 0)
        {
            return null;
        }

        // As OpenIddict does: every token's times in whole seconds.
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var identity = UserClaimsFactory.CreateIdentity(user, grant.Scopes, grant.AuthenticationTime, user.SecurityStamp);
        var accessExpires = issuedAt + options.AccessTokenLifetime;
        var accessToken = Create(JsonWebTokenTypes.AccessToken, issuer, issuedAt, accessExpires, signing, null,
            AccessTokenClaims(identity, grant, clientId));
        var idToken = openId
            ? Create(JwtConstants.HeaderType, issuer, issuedAt, issuedAt + options.IdentityTokenLifetime, idSigning, null,
                IdTokenClaims(identity, grant, clientId, HashOf(accessToken, idSigning.Algorithm)))
            : null;
        var successor = new RefreshTokenRow(Guid.NewGuid().ToString(), (await applications.GetIdAsync(application, cancellationToken))!,
            grant.AuthorizationId, grant.Subject, issuedAt.UtcDateTime, (issuedAt + refreshLifetime).UtcDateTime);
        var refreshToken = Create(JsonWebTokenTypes.Private.RefreshToken, issuer, issuedAt, issuedAt + refreshLifetime, signing,
            options.EncryptionCredentials[0], RefreshTokenClaims(identity, grant, started, successor.Id));

        var audit = context.RequestServices.GetRequiredService<DatabaseAuditLog>()
            .Entry(TokenIssuedAudit.For(GrantTypes.RefreshToken, scope: null, clientId, user.Id, user.UserName));
        if (!await RefreshTokenRotation.TryRotateAsync(db, grant.TokenId, successor, audit, now.UtcDateTime, cancellationToken))
        {
            return null;
        }
        return new DirectTokenResponse(accessToken, accessExpires, string.Join(' ', grant.Scopes), idToken, refreshToken);
    }

    /// <summary>What the refresh token says of its grant, when this path can reproduce all of it for this client.</summary>
    private sealed record Grant(string TokenId, string AuthorizationId, string Subject, ImmutableArray<string> Scopes, string? AuthenticationTime,
        string? SecurityStamp, long? StartSeconds, IReadOnlyList<(string Name, JsonElement Value)> Restored);

    // The token's payload, when it decrypts, verifies with a key of the server and is an unexpired refresh token of this
    // issuer (the checks OpenIddict makes before it looks at the token's row).
    private async Task<JsonDocument?> ReadAsync(string token, OpenIddictServerOptions options, string issuer, DateTimeOffset now)
    {
        var result = await Tokens.ValidateTokenAsync(token, ValidationFor(options));
        if (!result.IsValid || result.SecurityToken is not JsonWebToken { InnerToken: { } inner } outer
            || outer.Typ != JsonWebTokenTypes.Private.RefreshToken || inner.Issuer != issuer
            || !inner.TryGetPayloadValue<long>(Claims.ExpiresAt, out var expires) || DateTimeOffset.FromUnixTimeSeconds(expires) < now)
        {
            return null;
        }
        return JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(inner.EncodedPayload));
    }

    private TokenValidationParameters ValidationFor(OpenIddictServerOptions options)
    {
        if (Volatile.Read(ref _validation) is { } cached && ReferenceEquals(cached.Options, options))
        {
            return cached.Parameters;
        }
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = [.. options.SigningCredentials.Select(c => c.Key)],
            TokenDecryptionKeys = [.. options.EncryptionCredentials.Select(c => c.Key)],
            ValidTypes = [JsonWebTokenTypes.Private.RefreshToken],
            RequireSignedTokens = true,
            // The issuer depends on the request and the expiry on the server's clock: both compared by ReadAsync.
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        };
        Volatile.Write(ref _validation, new Validation(options, parameters));
        return parameters;
    }

    private static Grant? GrantOf(JsonElement payload, string clientId)
    {
        var restored = new List<(string, JsonElement)>();
        foreach (var claim in payload.EnumerateObject())
        {
            if (claim.Name.StartsWith(Claims.Prefixes.Private, StringComparison.Ordinal))
            {
                if (!KnownPrivateClaims.Contains(claim.Name))
                {
                    return null;
                }
                if (!NotRestored.Contains(claim.Name))
                {
                    restored.Add((claim.Name, claim.Value.Clone()));
                }
            }
        }
        var scopes = StringsOf(payload, Claims.Private.Scope);
        if (Text(payload, Claims.Private.TokenId) is not { } tokenId || Text(payload, Claims.Private.AuthorizationId) is not { } authorizationId
            || Text(payload, Claims.Subject) is not { } subject || Text(payload, Claims.Private.Presenter) != clientId
            || scopes is null || !scopes.Value.Contains(Scopes.OfflineAccess))
        {
            return null;
        }
        long? started = null;
        if (payload.TryGetProperty(UserGrantRules.StartClaim, out var start))
        {
            if (start.ValueKind != JsonValueKind.Number || !start.TryGetInt64(out var seconds))
            {
                return null;
            }
            started = seconds;
        }
        var authenticationTime = payload.TryGetProperty(Claims.AuthenticationTime, out var time) ? time.ValueKind switch
        {
            JsonValueKind.Number => time.GetRawText(),
            JsonValueKind.String => time.GetString(),
            _ => null,
        } : null;
        return new Grant(tokenId, authorizationId, subject, scopes.Value, authenticationTime,
            Text(payload, UserClaimsFactory.SecurityStampClaim), started, restored);
    }

    private static string? Text(JsonElement payload, string name) =>
        payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    // A claim of one or several strings (JSON serializes a single value as itself, several as an array).
    private static ImmutableArray<string>? StringsOf(JsonElement payload, string name)
    {
        if (!payload.TryGetProperty(name, out var value))
        {
            return [];
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            return null;
        }
        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    // PrepareAccessTokenPrincipal: the subject, the authorization, the presenter, the scopes, the claims meant for access
    // tokens, the client id and a new id.
    private static Dictionary<string, object> AccessTokenClaims(ClaimsIdentity identity, Grant grant, string clientId)
    {
        var claims = ClaimsFor(identity, Destinations.AccessToken);
        claims[Claims.JwtId] = Guid.NewGuid().ToString();
        claims[Claims.Subject] = grant.Subject;
        claims[Claims.Private.Presenter] = clientId;
        claims[Claims.Private.AuthorizationId] = grant.AuthorizationId;
        claims[Claims.ClientId] = clientId;
        if (grant.Scopes.Length > 0)
        {
            claims[Claims.Scope] = string.Join(' ', grant.Scopes);
        }
        return claims;
    }

    // PrepareIdentityTokenPrincipal: the subject, the authorization, the claims meant for ID tokens, the client as audience
    // and authorized party, the nonce of the authorization request, and the access token's hash (OIDC Core 3.3.2.11).
    private static Dictionary<string, object> IdTokenClaims(ClaimsIdentity identity, Grant grant, string clientId, string accessTokenHash)
    {
        var claims = ClaimsFor(identity, Destinations.IdentityToken);
        claims[Claims.Audience] = clientId;
        claims[Claims.Subject] = grant.Subject;
        claims[Claims.Private.AuthorizationId] = grant.AuthorizationId;
        claims[Claims.AuthorizedParty] = clientId;
        claims[Claims.AccessTokenHash] = accessTokenHash;
        if (grant.Restored.FirstOrDefault(c => c.Name == Claims.Private.Nonce).Value is { ValueKind: JsonValueKind.String } nonce)
        {
            claims[Claims.Nonce] = nonce.GetString()!;
        }
        return claims;
    }

    // PrepareRefreshTokenPrincipal: every claim of the new principal (private ones too), where each goes, the scopes, when
    // the grant began, what it restored from the old token, and the new token's row.
    private static Dictionary<string, object> RefreshTokenClaims(ClaimsIdentity identity, Grant grant, DateTimeOffset started, string tokenId)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        var destinations = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var group in identity.Claims.Where(c => c.Type != Claims.Private.Scope).GroupBy(c => c.Type, StringComparer.Ordinal))
        {
            claims[group.Key] = ValueOf(group);
            if (group.First().GetDestinations() is { Length: > 0 } where)
            {
                destinations[group.Key] = [.. where];
            }
        }
        claims[Claims.Private.ClaimDestinationsMap] = destinations;
        claims[Claims.Private.Scope] = grant.Scopes.Length == 1 ? grant.Scopes[0] : grant.Scopes.ToArray();
        claims[UserGrantRules.StartClaim] = started.ToUnixTimeSeconds();
        foreach (var (name, value) in grant.Restored)
        {
            claims.TryAdd(name, value);
        }
        claims[Claims.Private.TokenId] = tokenId;
        return claims;
    }

    // The identity's claims meant for the given token, private ones never.
    private static Dictionary<string, object> ClaimsFor(ClaimsIdentity identity, string destination)
    {
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var group in identity.Claims
            .Where(c => !c.Type.StartsWith(Claims.Prefixes.Private, StringComparison.Ordinal) && c.HasDestination(destination))
            .GroupBy(c => c.Type, StringComparer.Ordinal))
        {
            claims[group.Key] = ValueOf(group);
        }
        return claims;
    }

    // As the JWT handler writes a claim: numbers and booleans by their value type, several values of one type as an array.
    private static object ValueOf(IEnumerable<Claim> claims)
    {
        var values = claims.Select(ValueOf).ToList();
        return values.Count == 1 ? values[0] : values;

        static object ValueOf(Claim claim) => claim.ValueType switch
        {
            ClaimValueTypes.Integer64 or ClaimValueTypes.Integer or ClaimValueTypes.Integer32 => long.Parse(claim.Value, CultureInfo.InvariantCulture),
            ClaimValueTypes.Boolean => bool.Parse(claim.Value),
            _ => claim.Value,
        };
    }

    private static string Create(string type, string issuer, DateTimeOffset issuedAt, DateTimeOffset? expires, SigningCredentials signing,
        EncryptingCredentials? encrypting, Dictionary<string, object> claims) =>
        Tokens.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = type,
            Issuer = issuer,
            IssuedAt = issuedAt.UtcDateTime,
            Expires = expires?.UtcDateTime,
            SigningCredentials = signing,
            EncryptingCredentials = encrypting,
            Claims = claims,
        });

    // The left half of the token's hash, by the hash of the ID token's signing algorithm (OIDC Core 3.3.2.11).
    private static string HashOf(string token, string algorithm)
    {
        var bytes = Encoding.ASCII.GetBytes(token);
        var hash = algorithm.EndsWith("512", StringComparison.Ordinal) ? SHA512.HashData(bytes)
            : algorithm.EndsWith("384", StringComparison.Ordinal) ? SHA384.HashData(bytes)
            : SHA256.HashData(bytes);
        return Base64UrlEncoder.Encode(hash, 0, hash.Length / 2);
    }
}
