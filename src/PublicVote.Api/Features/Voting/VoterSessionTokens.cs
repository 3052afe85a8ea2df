using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Voting;

public sealed record VoterSession(string OpenId, long CampaignId, DateTimeOffset ExpiresAt);

public enum SessionError
{
    None,
    Missing,
    Invalid,
    Expired,
}

/// <summary>
/// Voter session tokens: <c>base64url("v1|campaign|expiry unix s|openid") + "." + base64url(HMAC-SHA256)</c>.
/// Verified in memory with the configured key; no store lookup on the hot path.
/// </summary>
public sealed class VoterSessionTokens(IOptions<VotingOptions> options, TimeProvider time)
{
    private readonly byte[] _key = options.Value.SessionKeyBytes();

    /// <summary>WeChat openids are 28 characters of [A-Za-z0-9_-]; test and demo ids use the same alphabet.</summary>
    public static bool IsValidOpenId(string openId) =>
        openId.Length is >= 1 and <= 64 && openId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    public string Issue(string openId, long campaignId, TimeSpan lifetime)
    {
        if (!IsValidOpenId(openId))
        {
            throw new ArgumentException("An openid is 1-64 characters of A-Z, a-z, 0-9, '_' and '-'.", nameof(openId));
        }
        var expires = time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        return SignedValues.Seal(_key, string.Create(CultureInfo.InvariantCulture, $"v1|{campaignId}|{expires}|{openId}"));
    }

    /// <summary>The hot path's own allocation-free reading of a <see cref="SignedValues"/> value.</summary>
    public SessionError TryVerify(string? token, out VoterSession? session)
    {
        session = null;
        if (string.IsNullOrEmpty(token))
        {
            return SessionError.Missing;
        }
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || token.Length > 512)
        {
            return SessionError.Invalid;
        }
        Span<byte> payload = stackalloc byte[384];
        Span<byte> mac = stackalloc byte[64];
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Base64Url.DecodeFromChars(token.AsSpan(0, dot), payload, out _, out var payloadLength) != System.Buffers.OperationStatus.Done
            || Base64Url.DecodeFromChars(token.AsSpan(dot + 1), mac, out _, out var macLength) != System.Buffers.OperationStatus.Done
            || macLength != expected.Length)
        {
            return SessionError.Invalid;
        }
        payload = payload[..payloadLength];
        HMACSHA256.HashData(_key, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, mac[..macLength]))
        {
            return SessionError.Invalid;
        }
        var parts = Encoding.UTF8.GetString(payload).Split('|', 4);
        if (parts.Length != 4 || parts[0] != "v1"
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var campaignId)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || !IsValidOpenId(parts[3]))
        {
            return SessionError.Invalid;
        }
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires);
        if (time.GetUtcNow() >= expiresAt)
        {
            return SessionError.Expired;
        }
        session = new VoterSession(parts[3], campaignId, expiresAt);
        return SessionError.None;
    }
}
