using System.Text;

namespace PublicVote.Api.Features.Voting;

/// <summary>Stable hashing for shard choice and user-agent fingerprints (string.GetHashCode differs per process).</summary>
public static class VoterShard
{
    public static int Of(string openid, int shardCount) =>
        shardCount <= 1 ? 0 : (int)(Fnv1a(openid) % (uint)shardCount);

    public static string UserAgentHash(string? userAgent) =>
        string.IsNullOrEmpty(userAgent) ? "" : Fnv1a64(userAgent).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    private static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }

    private static ulong Fnv1a64(string value)
    {
        var hash = 14695981039346656037ul;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 1099511628211ul;
        }
        return hash;
    }
}
