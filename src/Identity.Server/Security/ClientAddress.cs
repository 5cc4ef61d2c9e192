using System.Net;
using System.Net.Sockets;

namespace Identity.Server.Security;

/// <summary>The key failures are counted under: one per client address, as the connection (or a trusted proxy) reports it.</summary>
public static class ClientAddress
{
    /// <summary>
    /// An IPv4 address as is; an IPv6 address by its /64 prefix, because one subscriber usually holds a whole /64 and
    /// could otherwise rotate through 2^64 addresses to escape the limit.
    /// </summary>
    public static string KeyFor(IPAddress? address)
    {
        // No address (an in-memory test host): all such requests share one counter rather than escape it.
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
