namespace Identity.Admin.Seeding;

/// <summary>Where the seed file applied at every start is (<c>Seed:Path</c>, relative to the content root), if one is configured.</summary>
public static class ConfiguredSeedFile
{
    public static string? Path(IConfiguration configuration, IHostEnvironment environment) =>
        configuration["Seed:Path"] is { Length: > 0 } path ? System.IO.Path.GetFullPath(path, environment.ContentRootPath) : null;
}
