using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// Lockstep / co-voting groups (B1/B2 in the design, CopyCatch and SynchroTrap style): at least
/// <see cref="MinMembers"/> voters who each vote for most of the same <see cref="MinCandidates"/>+ candidates in one
/// sitting, at about the same time of day, in at least <see cref="MinRounds"/> separate rounds — a vote-exchange
/// group (互投群) answering its daily call.
/// </summary>
public sealed class LockstepDetectorOptions
{
    public const string Section = "AntiFraud:Detectors:Lockstep";

    /// <summary>A voter's votes with gaps up to this long form one sitting.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "06:00:00")]
    public TimeSpan SessionGap { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Sittings older than this are forgotten; the host replays this much after a restart.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan Lookback { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The clustering runs at most this often (Evaluate returns nothing in between).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RunEvery { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Smallest candidate set of a group: an office canvassing for one or two of its own candidates is not one.</summary>
    [Range(2, 1000)]
    public int MinCandidates { get; set; } = 4;

    [Range(2, 1_000_000)]
    public int MinMembers { get; set; } = 10;

    /// <summary>Separate synchronized rounds (the "sustained period" of SynchroTrap).</summary>
    [Range(1, 100)]
    public int MinRounds { get; set; } = 2;

    /// <summary>CopyCatch ρ: a member votes for at least this share of the group's candidates in one sitting, and a
    /// candidate joins the group when this share of the members vote for it.</summary>
    [Range(0.5, 1)]
    public double Coverage { get; set; } = 0.8;

    /// <summary>A candidate pair seeds a group when co-voted this many times more often than popularity explains.</summary>
    [Range(1, 1_000_000)]
    public double MinLift { get; set; } = 5;

    /// <summary>Sittings starting further apart than this belong to different rounds.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "1.00:00:00")]
    public TimeSpan RoundGap { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A member's sitting is in step when it starts within this of its round's median start.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan CoherenceWindow { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Multi-candidate sittings kept per campaign; memory cap (the oldest go first).</summary>
    [Range(1_000, 100_000_000)]
    public int MaxSessions { get; set; } = 2_000_000;

    /// <summary>Receipts per finding; memory cap.</summary>
    [Range(100, 1_000_000)]
    public int MaxReceipts { get; set; } = 20_000;
}
