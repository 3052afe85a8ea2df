using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// The per-candidate burst test (docs/antifraud-detectors.md): two one-sided Poisson CUSUMs on per-minute counts, one
/// against the candidate's own recent rate and one against its usual share of the campaign's other votes. Both must
/// cross <see cref="Threshold"/>, and the excess must reach <see cref="MinExcess"/> votes in all and
/// <see cref="MinWindowExcess"/> in its busiest 15 minutes. The composition detector runs the same test with its own,
/// more sensitive trigger (<see cref="CompositionDetectorOptions"/>) and the other settings here.
/// </summary>
public sealed class BurstDetectorOptions
{
    public const string Section = "AntiFraud:Detectors:Burst";

    /// <summary>The shift the CUSUMs are tuned for: counts this many times the expected count.</summary>
    [Range(1.5, 20)]
    public double ShiftFactor { get; set; } = 5;

    /// <summary>Decision interval h of both CUSUMs, in natural-log likelihood-ratio units.</summary>
    [Range(1, 200)]
    public double Threshold { get; set; } = 12;

    /// <summary>Votes above the share-expected count, summed over the run, before an alarm: small honest cascades stay quiet.</summary>
    [Range(1, 100_000)]
    public int MinExcess { get; set; } = 100;

    /// <summary>
    /// Votes above the expected count within the burst's busiest 15 minutes, before an alarm. This is what tells a
    /// bought burst (hundreds of votes in minutes) from a viral share of honest votes (hundreds over hours).
    /// </summary>
    [Range(1, 100_000)]
    public int MinWindowExcess { get; set; } = 80;

    /// <summary>
    /// A burst whose busiest 15 minutes carry less excess than this is reported only if its voters look unlike the
    /// campaign's: fresh voters, machine-fast or short page dwell far over their usual share (judged as the
    /// composition detector judges them). Below it, a burst of ordinary people is a company canvassing its staff
    /// or a share going round (the largest of those in the evaluation put ~150 excess votes in 15 minutes); above
    /// it, a burst is reported whoever casts it.
    /// </summary>
    [Range(1, 100_000)]
    public int PlainBurstWindowExcess { get; set; } = 250;

    /// <summary>Half-life of the candidate's own rate baseline.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan RateHalfLife { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Half-life of the candidate's share baseline (its votes over the other candidates' votes).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan ShareHalfLife { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Floor of the expected votes per minute, so a candidate with no history is not alarmed by its first few votes.</summary>
    [Range(0.001, 100)]
    public double MinExpectedPerMinute { get; set; } = 0.05;

    /// <summary>Pseudo-votes of the other candidates behind the prior share (1 / number of candidates) of a new candidate.</summary>
    [Range(0, 100_000)]
    public double PriorVotes { get; set; } = 50;

    /// <summary>Campaign votes seen before any alarm (the shares are meaningless before).</summary>
    [Range(0, 10_000_000)]
    public int WarmupVotes { get; set; } = 300;

    /// <summary>Both CUSUMs are capped at this multiple of <see cref="Threshold"/>, so they drop under it soon after a burst ends.</summary>
    [Range(1, 100)]
    public double CusumCeiling { get; set; } = 2;

    /// <summary>An alarm ends after the share CUSUM has stayed under the threshold this long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A longer alarm is closed and the baselines re-levelled: a lasting honest change stops alarming.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "7.00:00:00")]
    public TimeSpan MaxEpisode { get; set; } = TimeSpan.FromHours(6);

    /// <summary>A minute is tested once this long has passed after its end (votes from other shards arrive a little late).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How far back an alarm reaches for the votes of its run (the run may have started before the alarm).</summary>
    [Range(typeof(TimeSpan), "00:10:00", "1.00:00:00")]
    public TimeSpan BufferWindow { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Votes kept per candidate for that reach-back; memory cap.</summary>
    [Range(100, 1_000_000)]
    public int MaxBufferedVotes { get; set; } = 20_000;

    /// <summary>Receipts per finding; memory cap (the evidence says when it was hit).</summary>
    [Range(100, 1_000_000)]
    public int MaxReceipts { get; set; } = 20_000;
}
