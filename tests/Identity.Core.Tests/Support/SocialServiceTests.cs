using Identity.Core.SignInExperience;

namespace Identity.Core.Tests.Support;

/// <summary>
/// Where each social sign-in test starts: the core services on a fresh database, one connector of the fake plugin
/// offered on the sign-in page under the given settings, and one browser to drive the journey.
/// </summary>
public abstract class SocialServiceTests : IDisposable
{
    private protected const string ConnectorId = "fake-one";
    private protected const string Target = "fake";

    private protected readonly CoreServices _core = new();
    private protected readonly SocialJourney _browser;

    private protected SocialServiceTests() => _browser = new SocialJourney(_core);

    private protected async Task SetUpAsync(SignInExperienceSettings settings)
    {
        await _core.UseExperienceAsync(settings with { SocialSignInConnectorTargets = [Target] });
        await _core.AddConnectorAsync(ConnectorId, Target);
    }

    public void Dispose()
    {
        _core.Dispose();
        GC.SuppressFinalize(this);
    }
}
