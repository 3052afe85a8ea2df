using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.AntiFraud.Signals;

/// <summary>The hot-path signals and the hold rule applied under surge mode (docs/antifraud.md).</summary>
public sealed class AntiFraudOptions
{
    public const string Section = "AntiFraud";

    /// <summary>Record the signals with each vote and apply surge mode; off, the vote script runs as before issue 8.</summary>
    public bool SignalsEnabled { get; set; } = true;

    /// <summary>How long a vote token (issued when a candidate page is shown) is accepted, and its single-use marker kept.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan VoteTokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A voter first seen (WeChat sign-in) less than this ago, or never, is fresh.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan FreshVoterAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Less dwell than this between the candidate page and the vote is a risk point (as is no usable token).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShortDwell { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>An IP prefix with at least this many distinct fresh voters this hour (per shard) is hot: a risk point.</summary>
    [Range(2, 1_000_000)]
    public int HotPrefixNewVoters { get; set; } = 30;

    /// <summary>Under surge mode, a vote with at least this many risk points (of 3) is held pending review.</summary>
    [Range(1, 3)]
    public int HoldScore { get; set; } = 2;
}
