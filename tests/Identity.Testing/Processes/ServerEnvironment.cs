namespace Identity.Testing;

/// <summary>The environment the product's server (or its CLI) is started with by the tests that run it as a process.</summary>
public static class ServerEnvironment
{
    /// <summary>
    /// Settings a developer's or CI machine may have set that would point the server elsewhere than the folder, database
    /// and port a test chose for it; dropped from what the process inherits.
    /// </summary>
    public static readonly IReadOnlyList<string> MachineSettingsToDrop =
    [
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "ASPNETCORE_CONTENTROOT", "DOTNET_CONTENTROOT",
        "DOTNET_ENVIRONMENT", "ConnectionStrings__Identity", "Database__Provider", "DataPath", "Seed__Path", "Issuer",
        "SignInExperience__SignInMode",
    ];

    /// <summary>
    /// Production, as an admin runs it, with its data in <paramref name="dataPath"/>, speaking plain http (the tests stay
    /// on loopback) and with an unencrypted key ring (Production refuses one otherwise; the tests have no certificate).
    /// </summary>
    public static Dictionary<string, string> ProductionOnLoopback(string dataPath) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DataPath"] = dataPath,
        ["Security__RequireHttps"] = "false",
        ["DataProtection__AllowUnprotectedKeys"] = "true",
    };
}
