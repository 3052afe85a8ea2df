namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>
/// A whole campaign as a JSON file (docs/campaign-definition.md): what <see cref="CampaignDefinitionService"/>
/// imports into PostgreSQL and exports back. Lists keep the file's order; absent optional lists read as empty.
/// </summary>
public sealed record CampaignDefinition
{
    public required string Slug { get; init; }
    public required string Name { get; init; }
    public string? Organizer { get; init; }
    public required string TimeZone { get; init; }
    public required IReadOnlyList<PhaseDefinition> Phases { get; init; }
    public required IReadOnlyList<CategoryDefinition> Categories { get; init; }
    public IReadOnlyList<DistrictDefinition> Districts { get; init; } = [];
    public VoteRulesDefinition? VoteRules { get; init; }
    public NominationDefinition? Nomination { get; init; }
    public required IReadOnlyList<ScoreSourceDefinition> Scoring { get; init; }
    public RubricDefinition? Rubric { get; init; }
}

public sealed record PhaseDefinition
{
    public required PhaseKind Kind { get; init; }
    public required string Name { get; init; }
    public required DateTimeOffset StartsAt { get; init; }
    public required DateTimeOffset EndsAt { get; init; }
    /// <summary>End of the public's objection window, for <c>review</c> and <c>resultsNotice</c>; default: the phase's end.</summary>
    public DateTimeOffset? ObjectionsUntil { get; init; }
}

public sealed record VoteRulesDefinition
{
    public required int DailyVotesPerVoter { get; init; }
    public required int PerCandidatePerDay { get; init; }
    public int? PerCategoryPerDay { get; init; }
    public required bool ShowLiveCounts { get; init; }
}

public sealed record NominationDefinition
{
    public PhotoRules? Photos { get; init; }
    /// <summary>The length of the written material the notice asks for ("1000字左右").</summary>
    public int? MaterialChars { get; init; }
}

public sealed record PhotoRules(int Min, int Max, int MinBytes, int MaxBytes);
