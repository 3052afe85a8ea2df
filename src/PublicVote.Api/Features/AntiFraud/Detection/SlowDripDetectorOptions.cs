using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// Slow drip (B3 in the design): the share of a candidate's votes cast by single-purpose voters (one vote in the
/// whole campaign, for this candidate, or besides it only for favourites) creeps up over hours and days. Classes
/// are watched separately: fresh single-purpose voters (new to the service just before voting: farmed accounts)
/// and returning ones (rented aged accounts), strict or camouflaged. Per class, a Bernoulli CUSUM on hourly counts
/// against the candidate's usual share, capped per hour so that a few-hour honest cascade cannot alarm on its own.
/// </summary>
public sealed class SlowDripDetectorOptions
{
    public const string Section = "AntiFraud:Detectors:SlowDrip";

    /// <summary>A vote is judged once its voter has had this long to vote again (a voter who does is not single-purpose).</summary>
    [Range(typeof(TimeSpan), "00:10:00", "3.00:00:00")]
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A voter first seen this shortly before the vote is fresh.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan FreshAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a voter's votes are remembered; the host replays this much after a restart.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "60.00:00:00")]
    public TimeSpan VoterMemory { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Half-life of the campaign's share of each class, which every baseline scales. Short, because the shares fall
    /// all through a campaign as its voters come back and stop being single-purpose; a longer memory lags behind and
    /// expects more single-purpose votes than there are.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan CampaignHalfLife { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Half-life of the candidate's own single-purpose share.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan BaselineHalfLife { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The rise of the returning voters' single-purpose share the CUSUM is tuned for (absolute: 0.1 = ten points), for
    /// strict and camouflaged ones alike (honest aged accounts seldom vote either way).
    /// </summary>
    [Range(0.01, 0.9)]
    public double Shift { get; set; } = 0.1;

    /// <summary>
    /// The same for fresh voters. Share cascades bring waves of new voters who vote once, so this class moves more
    /// on its own and needs a larger shift to alarm.
    /// </summary>
    [Range(0.01, 0.9)]
    public double FreshShift { get; set; } = 0.25;

    /// <summary>
    /// When a class alarms, its age sibling (fresh beside returning, of the same kind) is named with it only if the
    /// sibling's single-purpose votes over the alarm's span (each hour capped near its expectation) exceed its
    /// baseline by at least this many...
    /// </summary>
    [Range(1, 1_000_000)]
    public int CompanionMinExcess { get; set; } = 10;

    /// <summary>
    /// ...and with a binomial upper-tail p-value (log10) at most this. Loose on purpose: an operator's few new
    /// accounts beside the aged ones barely lift the new voters' share, which share cascades move anyway; missing
    /// them leaves bought votes counted, naming a sibling wrongly holds honest ones until a reviewer restores them.
    /// </summary>
    [Range(-100, -1)]
    public double CompanionLog10Significance { get; set; } = -2;

    /// <summary>Decision interval h of the CUSUM, in natural-log likelihood-ratio units.</summary>
    [Range(1, 500)]
    public double Threshold { get; set; } = 8;

    /// <summary>Most one hour can add to (or take from) the CUSUM: an alarm needs about Threshold / this many elevated hours.</summary>
    [Range(0.05, 100)]
    public double MaxHourlyGain { get; set; } = 1;

    /// <summary>
    /// An alarm needs the run's share of the class above its baseline by at least this fraction of the class's
    /// shift: a CUSUM tuned for a rise from a low baseline also creeps up on a sustained rise of a few points, which
    /// a candidate's following produces on its own.
    /// </summary>
    [Range(0, 1)]
    public double MinShareRise { get; set; } = 0.6;

    /// <summary>Single-purpose votes above the baseline share, summed over the run, before an alarm.</summary>
    [Range(1, 1_000_000)]
    public int MinExcess { get; set; } = 25;

    /// <summary>Shortest run (first elevated hour to now) that may alarm.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "7.00:00:00")]
    public TimeSpan MinSpan { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The most-voted candidates, as a share of the campaign's candidates (at least one), count as the favourites:
    /// drip accounts camouflage themselves by also voting for them (0 turns the camouflaged class off). Generous, because
    /// the attacker's idea of the favourites is not the vote count's: the top of the table moves, and candidates a
    /// vote-exchange group pushes climb into it.
    /// </summary>
    [Range(0, 0.5)]
    public double PopularFraction { get; set; } = 0.1;

    /// <summary>Pseudo-votes behind the campaign-wide share that starts a new candidate's baseline.</summary>
    [Range(0, 100_000)]
    public double PriorVotes { get; set; } = 50;

    /// <summary>Voters remembered per campaign; memory cap (the longest idle are dropped first).</summary>
    [Range(1_000, 100_000_000)]
    public int MaxVoters { get; set; } = 5_000_000;

    /// <summary>Receipts per finding; memory cap.</summary>
    [Range(100, 1_000_000)]
    public int MaxReceipts { get; set; } = 20_000;
}
