using Identity.Core.Seeding;
using Identity.Core.SignInExperience;
using Identity.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Server.Admin;

/// <summary>The sign-in experience in Logto's JSON shape.</summary>
public sealed record SignInExperienceView(SignUpView SignUp, string SignInMode, IReadOnlyList<string> SocialSignInConnectorTargets, SocialSignInView SocialSignIn);

public sealed record SignUpView(IReadOnlyList<string> Identifiers, bool Password);

public sealed record SocialSignInView(bool AutomaticAccountLinking);

/// <summary>Reads and changes the sign-in experience; changes show on the hosted pages at the next request.</summary>
public sealed class SignInExperienceAdmin(SignInExperienceStore store, IdentityDataContext db)
{
    public async Task<SignInExperienceView> GetAsync(CancellationToken cancellationToken) => ToView(await store.GetAsync(cancellationToken));

    /// <summary>Applies the fields the patch names; the rest keep their current values. Returns whether anything changed.</summary>
    public async Task<(SignInExperienceView View, bool Changed)> UpdateAsync(SignInExperienceSeed patch, CancellationToken cancellationToken)
    {
        AdminValidationException.ThrowIfAny(SeedValidator.ValidateSignInExperience(patch, entry: string.Empty));
        foreach (var (target, index) in (patch.SocialSignInConnectorTargets ?? []).Select((t, i) => (t, i)))
        {
            if (!await db.Connectors.AnyAsync(c => c.Target == target, cancellationToken))
            {
                throw AdminValidationException.For($"socialSignInConnectorTargets[{index}]", $"no connector has the target '{target}'.");
            }
        }

        var current = await store.GetAsync(cancellationToken);
        var wanted = new SignInExperienceSettings(
            patch.SignInMode is { } mode ? Enum.Parse<SignInMode>(mode) : current.SignInMode,
            patch.SignUp?.Identifiers ?? [.. current.SignUpIdentifiers],
            patch.SignUp?.Password ?? current.SignUpPassword,
            patch.SocialSignInConnectorTargets ?? [.. current.SocialSignInConnectorTargets],
            patch.SocialSignIn?.AutomaticAccountLinking ?? current.AutomaticAccountLinking);
        var changed = await store.SaveAsync(wanted, cancellationToken);
        return (ToView(wanted), changed);
    }

    private static SignInExperienceView ToView(SignInExperienceSettings settings) => new(
        new SignUpView(settings.SignUpIdentifiers, settings.SignUpPassword),
        settings.SignInMode.ToString(),
        settings.SocialSignInConnectorTargets,
        new SocialSignInView(settings.AutomaticAccountLinking));
}
