using System.Net;
using PublicVote.Api.Features.Voting;

namespace PublicVote.FraudEval.Replay;

/// <summary>
/// What a simulated phone puts on the wire: an address inside the vote's /24 or /48 (the proxy forwards it as
/// <c>X-Forwarded-For</c>) and a User-Agent. The generator draws User-Agents as hashes already (what the vote log
/// keeps); the replay sends a UA string carrying that hash, which the API hashes again: one string per simulated UA,
/// so the detectors see the same grouping, under other hash values.
/// </summary>
internal static class SimulatedClient
{
    public static string UserAgent(string simulatedUaHash) =>
        $"Mozilla/5.0 (Linux; Android 13; replay {simulatedUaHash}) AppleWebKit/537.36 Mobile MicroMessenger/8.0.47";

    /// <summary>An address inside <paramref name="prefix"/> (<c>a.b.c.0/24</c> or <c>x:y:z::/48</c>), the host part from the voter.</summary>
    public static string AddressIn(string prefix, string voterKey)
    {
        var slash = prefix.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(prefix[..slash], out var network))
        {
            throw new ArgumentException($"Not an IP prefix: '{prefix}'.", nameof(prefix));
        }
        var host = StableHash.Fnv1a32(voterKey);
        var bytes = network.GetAddressBytes();
        if (bytes.Length == 4)
        {
            bytes[3] = (byte)(1 + (host % 254)); // .1 to .254: neither the network nor the broadcast address
        }
        else
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(12), host | 1);
        }
        return new IPAddress(bytes).ToString();
    }
}
