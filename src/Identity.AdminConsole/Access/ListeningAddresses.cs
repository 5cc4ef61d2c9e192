using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Identity.AdminConsole.Access;

/// <summary>The addresses this server listens on, as URIs (Kestrel's "any host" forms <c>*</c> and <c>+</c> read as localhost).</summary>
internal static class ListeningAddresses
{
    public static List<Uri> Of(IServer server) =>
        [.. (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => Uri.TryCreate(a.Replace("://*", "://localhost").Replace("://+", "://localhost"), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()];
}
