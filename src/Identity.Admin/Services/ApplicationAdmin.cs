using System.Security.Cryptography;
using Identity.Core.Applications;
using Identity.Core.Audit;
using Identity.Core.Data;
using Identity.Admin.Definitions;
using Identity.Data;
using Identity.Admin.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;

namespace Identity.Admin;

/// <summary>An application as admins see it. The secret is never shown again after creation or rotation.</summary>
public sealed record ApplicationView(
    string Id, string Name, string Type, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> PostLogoutRedirectUris,
    IReadOnlyList<string> Scopes, bool IsConfidential, bool IsThirdParty, string? DefaultResource = null);

/// <summary>A created application, or one whose secret was rotated, with the secret in clear this once.</summary>
public sealed record ApplicationWithSecret(ApplicationView Application, string? Secret);

/// <summary>A partial update: null fields are left as they are (an empty <c>DefaultResource</c> removes it).</summary>
public sealed record ApplicationPatch(
    string? Name, List<string>? RedirectUris, List<string>? PostLogoutRedirectUris, List<string>? Scopes, bool? IsThirdParty = null,
    string? DefaultResource = null);

/// <summary>
/// Applications, for the Management API, the CLI and the seed file alike: validation happens here, once, and so does
/// ending an application's own tokens when what it was granted changes (see <see cref="ChangeGrantsAsync"/>).
/// </summary>
public sealed class ApplicationAdmin(
    IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, IdentityDataContext db, TimeProvider clock, IAuditLog audit)
{
    public async Task<IReadOnlyList<ApplicationView>> ListAsync(CancellationToken cancellationToken)
    {
        var views = new List<ApplicationView>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var descriptor = await DescribeAsync(application, cancellationToken);
            if (!Access.ConsoleClient.IsConsole(descriptor.ClientId))
            {
                views.Add(ToView(descriptor));
            }
        }
        return [.. views.OrderBy(v => v.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// When each application was last created, as far as the audit log still tells (it may have been pruned, or the app
    /// created before the log existed): by client id, for the lists that show it.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> CreatedAtAsync(CancellationToken cancellationToken)
    {
        var created = await db.AuditLog.AsNoTracking()
            .Where(e => e.Type == AuditEventTypes.ApplicationCreated && e.ClientId != null)
            .Select(e => new { ClientId = e.ClientId!, e.CreatedAt })
            .ToListAsync(cancellationToken);
        // The latest: an id deleted and created again is the new app.
        return created.GroupBy(e => e.ClientId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(e => e.CreatedAt), StringComparer.Ordinal);
    }

    public async Task<ApplicationView> GetAsync(string id, CancellationToken cancellationToken) =>
        ToView(await DescribeAsync(await FindAsync(id, cancellationToken), cancellationToken));

    /// <summary>Creates an application; a confidential one without a secret gets a generated one.</summary>
    public async Task<ApplicationWithSecret> CreateAsync(ApplicationDefinition input, CancellationToken cancellationToken)
    {
        AdminValidationException.ThrowIfAny(DefinitionValidator.ValidateApplication(input, secretRequired: false));
        ThrowIfBuiltIn(input.Id);
        await RequireRegisteredAsync(input.DefaultResource, cancellationToken);
        if (await applications.FindByClientIdAsync(input.Id!, cancellationToken) is not null)
        {
            throw new ConflictException("id", $"An application with the id '{input.Id}' already exists.");
        }

        var type = Enum.Parse<ApplicationType>(input.Type!);
        var secret = type.IsConfidential() ? input.Secret ?? NewSecret() : null;
        var descriptor = ApplicationDescriptors.Create(Copy(input, secret));
        await applications.CreateAsync(descriptor, cancellationToken);
        await RecordCreatedAsync(input.Id!, input.Type!, cancellationToken);
        return new ApplicationWithSecret(ToView(descriptor), secret);
    }

    public async Task<ApplicationView> UpdateAsync(string id, ApplicationPatch patch, CancellationToken cancellationToken)
    {
        var application = await FindAsync(id, cancellationToken);
        var current = await DescribeAsync(application, cancellationToken);
        var view = ToView(current);
        var wanted = new ApplicationDefinition
        {
            Id = id,
            Type = view.Type,
            Name = patch.Name ?? view.Name,
            RedirectUris = patch.RedirectUris ?? [.. view.RedirectUris],
            PostLogoutRedirectUris = patch.PostLogoutRedirectUris ?? [.. view.PostLogoutRedirectUris],
            Scopes = patch.Scopes ?? [.. view.Scopes],
            IsThirdParty = patch.IsThirdParty ?? view.IsThirdParty,
            DefaultResource = patch.DefaultResource is null ? view.DefaultResource : patch.DefaultResource.Length == 0 ? null : patch.DefaultResource,
        };
        AdminValidationException.ThrowIfAny(DefinitionValidator.ValidateApplication(wanted, secretRequired: false));
        await RequireRegisteredAsync(wanted.DefaultResource, cancellationToken);

        var descriptor = ApplicationDescriptors.Create(wanted);
        descriptor.ClientSecret = current.ClientSecret; // the stored (hashed) secret: unchanged
        await SaveAsync(application, current, descriptor, ApplicationGrants.Differ(current, descriptor), cancellationToken);
        await audit.RecordChangeAsync(AuditEventTypes.ApplicationUpdated, cancellationToken, clientId: id);
        return ToView(descriptor);
    }

    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await applications.DeleteAsync(await FindAsync(id, cancellationToken), cancellationToken);
        await audit.RecordChangeAsync(AuditEventTypes.ApplicationDeleted, cancellationToken, clientId: id);
    }

    /// <summary>Replaces a confidential application's secret; the old one stops working at once.</summary>
    public async Task<ApplicationWithSecret> RotateSecretAsync(string id, CancellationToken cancellationToken)
    {
        var application = await FindAsync(id, cancellationToken);
        if (!await applications.HasClientTypeAsync(application, OpenIddictConstants.ClientTypes.Confidential, cancellationToken))
        {
            throw AdminValidationException.For("type", $"The application '{id}' is public and has no secret to rotate.");
        }

        var secret = NewSecret();
        var current = await DescribeAsync(application, cancellationToken);
        var descriptor = await DescribeAsync(application, cancellationToken);
        descriptor.ClientSecret = secret; // hashed by the manager, as it differs from the stored value
        await SaveAsync(application, current, descriptor, grantsChange: true, cancellationToken);
        await audit.RecordChangeAsync(AuditEventTypes.ApplicationSecretRotated, cancellationToken, clientId: id);
        return new ApplicationWithSecret(await GetAsync(id, cancellationToken), secret);
    }

    /// <summary>Creates the application, or updates it when its definition (or secret) differs: the seed file's verb.</summary>
    public async Task<UpsertResult> UpsertAsync(ApplicationDefinition seed, CancellationToken cancellationToken)
    {
        ThrowIfBuiltIn(seed.Id);
        await RequireRegisteredAsync(seed.DefaultResource, cancellationToken);
        var wanted = ApplicationDescriptors.Create(seed);
        var existing = await applications.FindByClientIdAsync(seed.Id!, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(wanted, cancellationToken);
            await RecordCreatedAsync(seed.Id!, seed.Type!, cancellationToken);
            return UpsertResult.Created;
        }

        var current = await DescribeAsync(existing, cancellationToken);
        var secretMatches = wanted.ClientSecret is null
            ? current.ClientSecret is null
            : await applications.ValidateClientSecretAsync(existing, wanted.ClientSecret, cancellationToken);
        if (secretMatches && ApplicationDescriptors.SameDefinition(current, wanted))
        {
            return UpsertResult.Unchanged;
        }

        await SaveAsync(existing, current, wanted, !secretMatches || ApplicationGrants.Differ(current, wanted), cancellationToken);
        await audit.RecordChangeAsync(AuditEventTypes.ApplicationUpdated, cancellationToken, clientId: seed.Id);
        return UpsertResult.Updated;
    }

    /// <summary>Deletes every application whose id is not in <paramref name="keep"/>; returns how many.</summary>
    public async Task<int> PruneAsync(IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        var doomed = new List<(object Application, string? ClientId)>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            var clientId = await applications.GetClientIdAsync(application, cancellationToken);
            if (!keep.Contains(clientId ?? string.Empty) && !Access.ConsoleClient.IsConsole(clientId))
            {
                doomed.Add((application, clientId));
            }
        }
        foreach (var (application, clientId) in doomed)
        {
            await applications.DeleteAsync(application, cancellationToken);
            await audit.RecordChangeAsync(AuditEventTypes.ApplicationDeleted, cancellationToken, clientId: clientId);
        }
        return doomed.Count;
    }

    /// <summary>
    /// Saves <paramref name="wanted"/> over the stored application. When its grants change (secret, type, grant types or
    /// scopes), the tokens it holds for itself (client credentials: subject = its client id) are revoked in the same
    /// transaction, and the change time is stamped on it, which the Management API compares with each token's issue time.
    /// </summary>
    /// <remarks>
    /// Why in the database, not in memory: several instances share one database, and a token is checked by whichever
    /// instance gets the request. Revoked rows fail OpenIddict's token entry validation on every instance at once; the
    /// stamp catches the one token that can escape the revocation, issued by a request that authenticated with the old
    /// grant while this change committed (see <c>CurrentManagementGrant</c>). Users' tokens in a web app are left alone:
    /// they rest on the user's consent, and refreshing them needs the app's current secret.
    /// </remarks>
    private async Task SaveAsync(
        object application, OpenIddictApplicationDescriptor current, OpenIddictApplicationDescriptor wanted, bool grantsChange,
        CancellationToken cancellationToken)
    {
        ApplicationGrants.CarryOver(current, wanted);
        if (!grantsChange)
        {
            await applications.UpdateAsync(application, wanted, cancellationToken);
            return;
        }

        ApplicationGrants.Stamp(wanted, clock.GetUtcNow());
        var id = await applications.GetIdAsync(application, cancellationToken);
        await InTransactionAsync(async ct =>
        {
            await applications.UpdateAsync(application, wanted, ct);
            await tokens.RevokeAsync(subject: current.ClientId, client: id, status: null, type: null, ct);
        }, cancellationToken);
    }

    // The seed file applies everything in one transaction of its own: join it rather than open a second one.
    private Task InTransactionAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        db.Database.CurrentTransaction is not null
            ? work(cancellationToken)
            : db.InTransactionAsync(async ct =>
            {
                await work(ct);
                return true;
            }, cancellationToken);

    // A default resource must be registered when it is set (deleting the resource later leaves the setting without
    // effect: the app's users then get the plain token, see the token endpoint).
    private async Task RequireRegisteredAsync(string? indicator, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(indicator) && !await db.Resources.AnyAsync(r => r.Indicator == indicator, cancellationToken))
        {
            throw AdminValidationException.For("defaultResource", $"No API resource has the indicator '{indicator}': register it first.");
        }
    }

    private Task RecordCreatedAsync(string id, string type, CancellationToken cancellationToken) =>
        audit.RecordChangeAsync(AuditEventTypes.ApplicationCreated, cancellationToken, clientId: id,
            details: new Dictionary<string, string?> { ["type"] = type });

    // The console's own client is built in (Access/ConsoleClient): to the admin doors it does not exist.
    private async Task<object> FindAsync(string id, CancellationToken cancellationToken) =>
        (Access.ConsoleClient.IsConsole(id) ? null : await applications.FindByClientIdAsync(id, cancellationToken))
            ?? throw new NotFoundException("Application", id);

    private static void ThrowIfBuiltIn(string? id)
    {
        if (Access.ConsoleClient.IsConsole(id))
        {
            throw AdminValidationException.For("id", $"The id '{id}' is reserved for the Admin Console's own client.");
        }
    }

    private async Task<OpenIddictApplicationDescriptor> DescribeAsync(object application, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        return descriptor;
    }

    private static ApplicationView ToView(OpenIddictApplicationDescriptor descriptor)
    {
        var confidential = descriptor.ClientType == OpenIddictConstants.ClientTypes.Confidential;
        var type = ApplicationDescriptors.TypeOf(descriptor) ?? (confidential
            ? descriptor.Permissions.Contains(OpenIddictConstants.Permissions.GrantTypes.ClientCredentials) ? ApplicationType.MachineToMachine : ApplicationType.Traditional
            : descriptor.ApplicationType == OpenIddictConstants.ApplicationTypes.Native ? ApplicationType.Native : ApplicationType.SPA);
        return new ApplicationView(
            descriptor.ClientId!, descriptor.DisplayName ?? descriptor.ClientId!, type.ToString(),
            [.. descriptor.RedirectUris.Select(u => u.OriginalString).Order(StringComparer.Ordinal)],
            [.. descriptor.PostLogoutRedirectUris.Select(u => u.OriginalString).Order(StringComparer.Ordinal)],
            ApplicationDescriptors.ExtraScopes(descriptor), confidential,
            descriptor.ConsentType == OpenIddictConstants.ConsentTypes.Explicit,
            ApplicationDescriptors.DefaultResourceOf(descriptor.Properties));
    }

    private static ApplicationDefinition Copy(ApplicationDefinition input, string? secret) => new()
    {
        Id = input.Id, Name = input.Name, Type = input.Type, Secret = secret,
        RedirectUris = input.RedirectUris, PostLogoutRedirectUris = input.PostLogoutRedirectUris, Scopes = input.Scopes,
        IsThirdParty = input.IsThirdParty, DefaultResource = input.DefaultResource,
    };

    // 32 random bytes: a machine secret needs no slow hash to be safe from guessing.
    private static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}
