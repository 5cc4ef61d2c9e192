using Identity.Core.SignInExperience;
using Microsoft.Extensions.Logging;

namespace Identity.Ui.Branding;

/// <summary>
/// The sign-in experience of the current request, read from the database once and shared by the language choice, the
/// layout and <c>/branding.css</c>, so no page model has to load it for them. Scoped: the next request reads it again,
/// so an edit through the Management API shows at once, on every instance. The console's preview puts a draft in its
/// place for its own request (<see cref="SignInExperiencePreview"/>).
/// </summary>
public sealed partial class RequestSignInExperience(
    ISignInExperienceProvider provider, SignInExperiencePreview preview, ILogger<RequestSignInExperience> logger)
{
    private Task<SignInExperienceSettings>? _settings;

    // The draft is checked on every call: the language choice may have read the saved experience before the preview set it.
    public Task<SignInExperienceSettings> GetAsync(CancellationToken cancellationToken) =>
        preview.Draft is { } draft ? Task.FromResult(draft) : _settings ??= LoadAsync(cancellationToken);

    private async Task<SignInExperienceSettings> LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await provider.GetAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The error page uses the same layout and language choice: with the database down it must still render.
            LogUnavailable(logger, exception);
            return SignInExperienceSettings.Default;
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "The sign-in experience could not be read; the hosted pages use the built-in branding and language.")]
    private static partial void LogUnavailable(ILogger logger, Exception exception);
}
