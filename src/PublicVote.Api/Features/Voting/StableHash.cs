using System.Globalization;
using System.Text;

namespace PublicVote.Api.Features.Voting;

/// <summary>FNV-1a hashes that are the same in every process and on every node (string.GetHashCode is not).</summary>
public static class StableHash
{
    public static uint Fnv1a32(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }

    /// <summary>A short fingerprint of a user agent for the vote log (the anti-fraud scan groups by it).</summary>
    public static string UserAgent(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return "";
        }
        var hash = 14695981039346656037ul;
        foreach (var b in Encoding.UTF8.GetBytes(userAgent))
        {
            hash = (hash ^ b) * 1099511628211ul;
        }
        return hash.ToString("x16", CultureInfo.InvariantCulture);
    }
}
