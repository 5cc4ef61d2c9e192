using System.Text.Json;
using Identity.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Identity.Core.SignInExperience;

/// <summary>
/// The sign-in experience in the database, read at every request so a change shows at once on every instance.
/// Without a stored row it is Logto's open-source default.
/// </summary>
public sealed class SignInExperienceStore(IIdentityData data, TimeProvider clock) : ISignInExperienceProvider
{
    public async ValueTask<SignInExperienceSettings> GetAsync(CancellationToken cancellationToken = default)
    {
        var record = await data.SignInExperiences.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == SignInExperienceRecord.DefaultId, cancellationToken);
        return record is null ? SignInExperienceSettings.Default : ToSettings(record);
    }

    /// <summary>Stores the settings; returns false when they were already stored exactly so.</summary>
    public async Task<bool> SaveAsync(SignInExperienceSettings settings, CancellationToken cancellationToken = default)
    {
        var record = await data.SignInExperiences.FirstOrDefaultAsync(r => r.Id == SignInExperienceRecord.DefaultId, cancellationToken);
        if (record is not null && Same(ToSettings(record), settings))
        {
            return false;
        }

        if (record is null)
        {
            record = new SignInExperienceRecord();
            data.SignInExperiences.Add(record);
        }

        record.SignInMode = settings.SignInMode;
        record.SignUpIdentifiers = JsonSerializer.Serialize(settings.SignUpIdentifiers);
        record.SignUpPassword = settings.SignUpPassword;
        record.SocialSignInConnectorTargets = JsonSerializer.Serialize(settings.SocialSignInConnectorTargets);
        record.AutomaticAccountLinking = settings.AutomaticAccountLinking;
        record.UpdatedAt = clock.GetUtcNow();
        await data.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static SignInExperienceSettings ToSettings(SignInExperienceRecord record) => new(
        record.SignInMode,
        JsonSerializer.Deserialize<string[]>(record.SignUpIdentifiers) ?? [],
        record.SignUpPassword,
        JsonSerializer.Deserialize<string[]>(record.SocialSignInConnectorTargets) ?? [],
        record.AutomaticAccountLinking);

    private static bool Same(SignInExperienceSettings left, SignInExperienceSettings right) =>
        left.SignInMode == right.SignInMode &&
        left.SignUpPassword == right.SignUpPassword &&
        left.AutomaticAccountLinking == right.AutomaticAccountLinking &&
        left.SignUpIdentifiers.SequenceEqual(right.SignUpIdentifiers) &&
        left.SocialSignInConnectorTargets.SequenceEqual(right.SocialSignInConnectorTargets);
}
