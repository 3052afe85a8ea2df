using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.Voting;

public sealed class VotingOptions
{
    public const string Section = "Voting";

    /// <summary>HMAC-SHA256 key for voter sessions, base64, at least 32 bytes. Required; never logged.</summary>
    [Required]
    public string SessionKey { get; set; } = "";

    /// <summary>Cookie that carries the voter session (an <c>Authorization: Bearer</c> header works too).</summary>
    [Required]
    public string SessionCookieName { get; set; } = "pv_session";

    /// <summary>How long a retried Idempotency-Key returns the first result.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Redis shards for campaigns created from now on (stored per campaign, fixed once voting starts).</summary>
    [Range(1, 1024)]
    public int DefaultShardCount { get; set; } = 1;

    public byte[] SessionKeyBytes() => Convert.FromBase64String(SessionKey);
}
