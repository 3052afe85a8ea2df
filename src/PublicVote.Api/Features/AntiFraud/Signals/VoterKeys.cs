using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Voting;

namespace PublicVote.Api.Features.AntiFraud.Signals;

/// <summary>
/// The pseudonymous voter id reviewers and detectors see: a keyed hash of (campaign, openid), 96 bits in base64url.
/// Without the key an openid cannot be tested against it; the key is derived from the session key, so rotating that
/// key also changes every voter key from then on.
/// </summary>
public sealed class VoterKeys(IOptions<VotingOptions> options)
{
    private readonly byte[] _key = DerivedKeys.Derive(options.Value.SessionKeyBytes(), "publicvote/voter-key/v1");

    public string Of(long campaignId, string openId)
    {
        using var hasher = For(campaignId);
        return hasher.Of(openId);
    }

    /// <summary>
    /// One campaign's voter keys, many at a time (the flusher computes one per vote): one keyed hash instance reused,
    /// instead of a native HMAC context set up and torn down per key.
    /// </summary>
    public Hasher For(long campaignId) => new(_key, campaignId);

    public sealed class Hasher(byte[] key, long campaignId) : IDisposable
    {
        private readonly HMACSHA256 _hmac = new(key);
        private readonly byte[] _prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{campaignId}|"));

        public string Of(string openId)
        {
            // Openids are at most 64 ASCII characters (VoterSessionTokens.IsValidOpenId); anything longer takes the heap.
            var length = _prefix.Length + Encoding.UTF8.GetByteCount(openId);
            Span<byte> input = length <= 256 ? stackalloc byte[length] : new byte[length];
            _prefix.CopyTo(input);
            Encoding.UTF8.GetBytes(openId, input[_prefix.Length..]);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            _hmac.TryComputeHash(input, mac, out _);
            return Base64Url.EncodeToString(mac[..12]);
        }

        public void Dispose() => _hmac.Dispose();
    }
}

/// <summary>Purpose-bound keys derived from one configured secret, so a token of one kind never verifies as another.</summary>
public static class DerivedKeys
{
    public static byte[] Derive(byte[] secret, string purpose) => HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(purpose));
}
