namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>One part of the final score on 100 points.</summary>
public sealed record ScoreSourceDefinition
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    /// <summary><c>publicVote</c> (the online vote), <c>rubric</c> (judges score on the rubric) or <c>entered</c> (a score on 100 an organizer enters, e.g. 领导点评).</summary>
    public required string Kind { get; init; }
    public required int Weight { get; init; }
    /// <summary>Only on the <c>publicVote</c> source: <c>topRatio</c> (default: votes ÷ the category's top) or <c>rank</c> ((n − rank + 1) ÷ n).</summary>
    public string? Normalisation { get; init; }
}

public sealed record RubricDefinition
{
    /// <summary>The points the items add up to, bonus excluded.</summary>
    public required int Total { get; init; }
    public required IReadOnlyList<RubricItem> Items { get; init; }
    public RubricBonus? Bonus { get; init; }
    public IReadOnlyList<RubricVeto> Vetoes { get; init; } = [];
    /// <summary>How the judges' sheets combine: <c>mean</c> (default) or <c>trimmedMean</c> (one highest and one lowest dropped, from 5 judges up).</summary>
    public string? Aggregation { get; init; }
}

public sealed record RubricItem
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required int MaxScore { get; init; }
    public IReadOnlyList<RubricSubItem> SubItems { get; init; } = [];
}

public sealed record RubricSubItem
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required int MaxScore { get; init; }
}

/// <summary>Extra points per proven occurrence (seed 002: 1 per letter of praise, at most 10).</summary>
public sealed record RubricBonus
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required int PerOccurrence { get; init; }
    public required int Max { get; init; }
}

/// <summary>A condition that disqualifies whatever the score (seed 002: a safety accident).</summary>
public sealed record RubricVeto
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? Description { get; init; }
}
