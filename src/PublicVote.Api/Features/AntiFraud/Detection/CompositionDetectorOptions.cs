using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// Who drives a burst (S2/S3 in the design). While the burst test (<see cref="BurstDetectorOptions"/>) has a
/// candidate in alarm, the burst's votes are compared with the campaign's recent votes: single prefixes and UA
/// hashes far over their usual share, and over-represented fresh voters, machine-fast dwell, short dwell and
/// never-seen prefixes.
/// </summary>
public sealed class CompositionDetectorOptions
{
    public const string Section = "AntiFraud:Detectors:Composition";

    /// <summary>
    /// The burst test that makes the composition look is more sensitive than the burst detector's own (the other
    /// settings are shared): a small burst is worth a look, and becomes a case only if its drivers are suspicious.
    /// </summary>
    [Range(1.5, 20)]
    public double TriggerShiftFactor { get; set; } = 3;

    [Range(1, 200)]
    public double TriggerThreshold { get; set; } = 12;

    [Range(1, 100_000)]
    public int TriggerMinExcess { get; set; } = 20;

    [Range(1, 100_000)]
    public int TriggerMinWindowExcess { get; set; } = 15;

    /// <summary>A voter first seen this shortly before the vote is fresh.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FreshAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Page-to-vote dwell below this is machine-fast (honest voters: ~5 %).</summary>
    [Range(100, 60_000)]
    public int MachineDwellMs { get; set; } = 3_000;

    /// <summary>Page-to-vote dwell below this is short (honest voters: about a quarter).</summary>
    [Range(100, 600_000)]
    public int ShortDwellMs { get; set; } = 10_000;

    /// <summary>A prefix first seen in the campaign this shortly before the vote is new.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan NovelPrefixAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Half-life of the campaign baseline counts.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan BaselineHalfLife { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Significance a feature must reach, as log10 of the binomial tail probability (−6 = p &lt; 1e-6).</summary>
    [Range(-300, -1)]
    public double Log10Significance { get; set; } = -6;

    /// <summary>A driving prefix or UA hash must carry at least this many of the burst's votes.</summary>
    [Range(2, 100_000)]
    public int MinDriverVotes { get; set; } = 10;

    /// <summary>... and this many times its usual share.</summary>
    [Range(1.1, 1000)]
    public double MinDriverLift { get; set; } = 3;

    /// <summary>A share feature (fresh, dwell, new prefix) must also exceed its campaign share by this much.</summary>
    [Range(0.01, 1)]
    public double MinShareLift { get; set; } = 0.15;

    /// <summary>
    /// Findings below this severity are not reported: a burst driven only by an office prefix (a company canvassing
    /// its staff) is the burst detector's case, not a second one.
    /// </summary>
    [Range(0, 1)]
    public double MinSeverity { get; set; } = 0.35;

    /// <summary>Distinct prefixes and UA hashes remembered per campaign; memory cap (the faintest are dropped first).</summary>
    [Range(1_000, 10_000_000)]
    public int MaxKeys { get; set; } = 200_000;
}
