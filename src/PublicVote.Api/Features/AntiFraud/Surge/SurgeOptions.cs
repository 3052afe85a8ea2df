using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.AntiFraud.Surge;

/// <summary>
/// When a candidate is put in surge mode: its recent rate far above its own baseline AND its share of all the
/// campaign's votes jumped, so an official-account push that lifts every candidate alike does not trip it.
/// </summary>
public sealed class SurgeOptions
{
    public const string Section = "AntiFraud:Surge";

    public bool Enabled { get; set; } = true;

    /// <summary>Full minutes (plus the current one, pro rata) that make the recent rate.</summary>
    [Range(1, 30)]
    public int RecentMinutes { get; set; } = 3;

    /// <summary>Minutes before those that make the baseline.</summary>
    [Range(10, 24 * 60)]
    public int BaselineMinutes { get; set; } = 60;

    /// <summary>The recent rate must be at least this many times the candidate's baseline rate...</summary>
    [Range(1.5, 1000)]
    public double RateFactor { get; set; } = 5;

    /// <summary>...and at least this many votes a minute (small candidates do not trip on a handful of votes).</summary>
    [Range(1, 100_000)]
    public double MinVotesPerMinute { get; set; } = 10;

    /// <summary>The candidate's recent share of the campaign's votes must be this many times its baseline share.</summary>
    [Range(1.2, 1000)]
    public double ShareFactor { get; set; } = 3;

    /// <summary>The campaign's votes in the baseline window needed before any surge is called (its first hour has no baseline).</summary>
    [Range(0, 10_000_000)]
    public long MinBaselineVotes { get; set; } = 200;

    /// <summary>Surge mode lasts this long after the last tick that found the surge.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan HoldFor { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>While in surge mode the baseline stays frozen before the surge began, at most this long (attack traffic must not become the baseline).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "2.00:00:00")]
    public TimeSpan MaxBaselineFreeze { get; set; } = TimeSpan.FromHours(2);
}
