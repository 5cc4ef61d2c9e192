namespace Identity.LogtoSdk.Tests;

/// <summary>The in-process test server (see <see cref="IdentityServerFactory{TProgram}"/>) running this product's server.</summary>
public class IdentityServerFactory : IdentityServerFactory<Program>;
