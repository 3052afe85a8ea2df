using System.Net;
using System.Net.Sockets;

namespace PublicVote.Api.Features.AntiFraud.Signals;

/// <summary>
/// The IP prefix a vote is grouped by: /24 for IPv4 and /48 for IPv6 (a site; a phone's own /64 would split every
/// subscriber apart). IPv4-mapped IPv6 addresses count as IPv4.
/// </summary>
public static class ClientNetwork
{
    public static string Prefix(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var length))
        {
            return "";
        }
        if (address.AddressFamily == AddressFamily.InterNetwork && length == 4)
        {
            return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.0/24";
        }
        bytes[6..].Clear();
        return new IPAddress(bytes).ToString() + "/48";
    }

    public static string Prefix(string? address) =>
        IPAddress.TryParse(address, out var parsed) ? Prefix(parsed) : "";
}
