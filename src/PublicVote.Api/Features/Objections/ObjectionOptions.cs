using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.Objections;

/// <summary>The public objection form's limits (docs/objections.md). Buckets are per API node, like the voter ones.</summary>
public sealed class ObjectionOptions
{
    public const string Section = "Objections";

    /// <summary>Objections one client IP may file at once, refilled by <see cref="PerIpPerPeriod"/> every <see cref="PerIpPeriod"/>.</summary>
    [Range(1, 100_000)]
    public int PerIpBurst { get; set; } = 10;

    [Range(1, 100_000)]
    public int PerIpPerPeriod { get; set; } = 1;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PerIpPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Objections against one candidate at once, from everyone: a campaign against a candidate cannot flood the organizers.</summary>
    [Range(1, 1_000_000)]
    public int PerCandidateBurst { get; set; } = 30;

    [Range(1, 1_000_000)]
    public int PerCandidatePerPeriod { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PerCandidatePeriod { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 200)]
    public int MinTextChars { get; set; } = 10;

    [Range(20, 5000)]
    public int MaxTextChars { get; set; } = 1000;
}
