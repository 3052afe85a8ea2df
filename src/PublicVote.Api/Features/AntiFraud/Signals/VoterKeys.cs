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
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{campaignId}|{openId}")), mac);
        return Base64Url.EncodeToString(mac[..12]);
    }
}

/// <summary>Purpose-bound keys derived from one configured secret, so a token of one kind never verifies as another.</summary>
public static class DerivedKeys
{
    public static byte[] Derive(byte[] secret, string purpose) => HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(purpose));
}
