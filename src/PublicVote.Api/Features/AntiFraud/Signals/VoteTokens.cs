using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.AntiFraud.Signals;

public enum VoteTokenState
{
    None,
    Invalid,
    Valid,
}

/// <param name="IssuedAt">When the candidate page asked for the token (valid tokens only).</param>
/// <param name="Nonce">The token's single-use id (valid tokens only).</param>
public readonly record struct VoteTokenCheck(VoteTokenState State, DateTimeOffset IssuedAt, string Nonce);

/// <summary>
/// Single-use vote tokens: issued when a candidate page is shown, sent back with the vote as <c>X-Vote-Token</c>, so
/// the page-to-vote dwell can be measured. A signed value (key derived from the session key) naming the campaign,
/// the candidate, the voter (by voter key), the issue time and a random nonce; the vote script enforces single use.
/// </summary>
public sealed class VoteTokens(IOptions<VotingOptions> voting, IOptions<AntiFraudOptions> options, VoterKeys voterKeys)
{
    private const int MaxLength = 256;
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);
    private readonly byte[] _key = DerivedKeys.Derive(voting.Value.SessionKeyBytes(), "publicvote/vote-token/v1");

    public string Issue(long campaignId, long candidateId, string openId, DateTimeOffset now)
    {
        var nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));
        return SignedValues.Seal(_key, string.Create(CultureInfo.InvariantCulture,
            $"vt1|{campaignId}|{candidateId}|{now.ToUnixTimeMilliseconds()}|{nonce}|{voterKeys.Of(campaignId, openId)}"));
    }

    /// <summary>Whether the token was issued to this voter for this vote, and not too long ago; no token is not an error.</summary>
    public VoteTokenCheck Check(string? token, long campaignId, long candidateId, string openId, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token))
        {
            return default;
        }
        var parts = SignedValues.Open(_key, token, MaxLength)?.Split('|');
        if (parts is not ["vt1", var campaign, var candidate, var issued, var nonce, var voterKey]
            || campaign != campaignId.ToString(CultureInfo.InvariantCulture)
            || candidate != candidateId.ToString(CultureInfo.InvariantCulture)
            || !long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var issuedMs)
            || voterKey != voterKeys.Of(campaignId, openId))
        {
            return new VoteTokenCheck(VoteTokenState.Invalid, default, "");
        }
        var issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(issuedMs);
        var fresh = issuedAt <= now + ClockSkew && now - issuedAt <= options.Value.VoteTokenLifetime;
        return fresh ? new VoteTokenCheck(VoteTokenState.Valid, issuedAt, nonce) : new VoteTokenCheck(VoteTokenState.Invalid, default, "");
    }
}
