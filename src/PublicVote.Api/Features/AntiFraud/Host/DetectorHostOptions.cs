using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.AntiFraud.Host;

/// <summary>The detector host: the background loop that feeds the vote log to the detectors and keeps surge mode.</summary>
public sealed class DetectorHostOptions
{
    public const string Section = "AntiFraud:Host";

    /// <summary>Run it on this node. Every enabled node competes for one PostgreSQL lock; only the holder scans.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Pause between scans (surge mode, new votes, findings).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Votes per read of the vote log.</summary>
    [Range(100, 50_000)]
    public int PageSize { get; set; } = 5000;

    /// <summary>Reads per scan at most, so findings are evaluated regularly even while a backlog is worked off.</summary>
    [Range(1, 10_000)]
    public int MaxPagesPerScan { get; set; } = 40;

    /// <summary>How often the log position is remembered with its time, for replaying the detectors' lookback after a restart.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MarkEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A detector's finding at least this severe holds its case's counted votes pending (kept, out of the public tally)
    /// until a reviewer voids or restores them or dismisses the case, and puts the candidate in hold mode.
    /// </summary>
    [Range(0.05, 1.0)]
    public double HoldSeverity { get; set; } = 0.6;

    /// <summary>
    /// Votes surge mode held that no detector's open case claims within this long are released back into the tally.
    /// Long enough for the burst, composition and timing detectors to have judged the surge (minutes), short enough
    /// that people held by an honest viral surge are counted the same hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ReleaseHeldAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Extra replay before the longest lookback, for clock differences between nodes and the flush delay.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ReplaySlack { get; set; } = TimeSpan.FromMinutes(10);
}
