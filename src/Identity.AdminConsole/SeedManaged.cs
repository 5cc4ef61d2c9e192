using Identity.Admin.Definitions;
using Identity.Admin.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Identity.AdminConsole;

/// <summary>
/// Which items the configured seed file defines: the server applies that file at every start, so a change made in the
/// console to such an item may be overwritten then, and the console says so beside it. Read from the file itself (the
/// truth about the next start), once per request; an unreadable file marks nothing (the start would refuse it anyway).
/// </summary>
public sealed class SeedManaged(IConfiguration configuration, IHostEnvironment environment)
{
    private SeedFile? file;
    private bool read;

    public async Task<bool> ApplicationAsync(string id, CancellationToken cancellationToken) =>
        (await FileAsync(cancellationToken))?.Applications?.Any(a => a.Id == id) == true;

    public async Task<bool> ConnectorAsync(string id, CancellationToken cancellationToken) =>
        (await FileAsync(cancellationToken))?.Connectors?.Any(c => c.Id == id) == true;

    public async Task<bool> SignInExperienceAsync(CancellationToken cancellationToken) =>
        (await FileAsync(cancellationToken))?.SignInExperience is not null;

    public async Task<bool> UserAsync(string username, CancellationToken cancellationToken) =>
        (await FileAsync(cancellationToken))?.Users?.Any(u => string.Equals(u.Username, username, StringComparison.OrdinalIgnoreCase)) == true;

    public async Task<bool> RoleAsync(string name, CancellationToken cancellationToken) =>
        (await FileAsync(cancellationToken))?.Roles?.Any(r => r.Name == name) == true;

    public async Task<bool> ResourceAsync(string indicator, CancellationToken cancellationToken) =>
        (await FileAsync(cancellationToken))?.Resources?.Any(r => r.Indicator == indicator) == true;

    private async Task<SeedFile?> FileAsync(CancellationToken cancellationToken)
    {
        if (!read)
        {
            read = true;
            try
            {
                file = ConfiguredSeedFile.Path(configuration, environment) is { } path && File.Exists(path)
                    ? await SeedFileReader.ReadAsync(path, cancellationToken) : null;
            }
            catch (SeedException)
            {
                file = null;
            }
        }
        return file;
    }
}
