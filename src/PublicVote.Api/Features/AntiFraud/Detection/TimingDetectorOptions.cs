using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// Machine-regular timing (S4 in the design): the gaps between consecutive votes for a candidate, overall and per
/// UA hash and per prefix, are far more even than people's. Honest arrivals are close to Poisson (gap CV ≈ 1 or
/// more, with the diurnal curve and share cascades); a script sleeping a fixed interval has CV near 0.
/// </summary>
public sealed class TimingDetectorOptions
{
    public const string Section = "AntiFraud:Detectors:Timing";

    /// <summary>Only gaps within this window of the stream's latest vote are tested.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Gaps needed before a stream is judged.</summary>
    [Range(5, 10_000)]
    public int MinGaps { get; set; } = 30;

    /// <summary>Gaps tested (the most recent ones); memory per stream.</summary>
    [Range(5, 10_000)]
    public int MaxGaps { get; set; } = 64;

    /// <summary>Coefficient of variation of the gaps at or below which the stream is regular.</summary>
    [Range(0.01, 1)]
    public double MaxCv { get; set; } = 0.3;

    /// <summary>A gap within this fraction of the median gap counts as periodic.</summary>
    [Range(0.01, 1)]
    public double PeriodicTolerance { get; set; } = 0.15;

    /// <summary>Share of periodic gaps at or above which the stream is regular (an exponential stream has ~10 %).</summary>
    [Range(0.1, 1)]
    public double MinPeriodicShare { get; set; } = 0.5;

    /// <summary>Streams whose median gap is shorter than this are not judged (busy honest streams are dense, not regular).</summary>
    [Range(1, 600_000)]
    public int MinMedianGapMs { get; set; } = 200;

    /// <summary>Per-UA and per-prefix streams tracked per candidate (least recently used dropped first); memory cap.</summary>
    [Range(1, 100_000)]
    public int MaxStreamsPerCandidate { get; set; } = 64;

    /// <summary>Receipts per finding; memory cap.</summary>
    [Range(100, 1_000_000)]
    public int MaxReceipts { get; set; } = 20_000;
}
