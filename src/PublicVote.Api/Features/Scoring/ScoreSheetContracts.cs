using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.Scoring;

/// <summary>A judge's sheet for one candidate: a draft, or submitted (locked) when <paramref name="Submit"/> is true.</summary>
/// <param name="Scores">Points per scored code: each item without sub-items, and each sub-item (an item with sub-items is their sum).</param>
/// <param name="BonusOccurrences">Proven occurrences for the rubric's bonus (seed 002: letters of praise); the bonus is capped at its max.</param>
/// <param name="VetoCode">One of the rubric's vetoes: a submitted sheet with a veto disqualifies the candidate.</param>
public sealed record ScoreSheetRequest(
    [property: Range(1, long.MaxValue, ErrorMessage = "candidateId must be a positive candidate id.")] long CandidateId,
    [property: MaxLength(200, ErrorMessage = "scores: at most 200 items.")] Dictionary<string, decimal>? Scores,
    [property: Range(0, 1000)] int BonusOccurrences = 0,
    [property: MaxLength(32)] string? VetoCode = null,
    [property: StringLength(500, MinimumLength = 1)] string? VetoNote = null,
    [property: StringLength(1000, MinimumLength = 1)] string? Comment = null,
    bool Submit = false);

public sealed record ScoreSheetView(
    long CandidateId, long JudgeId, string Status, IReadOnlyDictionary<string, decimal> Scores, int BonusOccurrences,
    decimal Bonus, decimal Total, string? VetoCode, string? VetoNote, string? Comment, DateTimeOffset UpdatedAt, DateTimeOffset? SubmittedAt);

/// <param name="CandidateDisqualified">True when this submission's veto disqualified the candidate just now.</param>
public sealed record ScoreSheetSaved(ScoreSheetView Sheet, bool CandidateDisqualified);

public sealed record ScoreSheetError(string Item, string Message);

public sealed record UnlockRequest([property: Required, StringLength(500, MinimumLength = 1)] string Reason);

/// <param name="Score">On 100, at most two decimals.</param>
public sealed record EnteredScoreRequest(
    [property: Required, MaxLength(32)] string SourceCode,
    [property: Range(1, long.MaxValue)] long CandidateId,
    [property: Range(typeof(decimal), "0", "100")] decimal Score,
    [property: StringLength(500, MinimumLength = 1)] string? Note = null);

public sealed record EnteredScoreView(string SourceCode, long CandidateId, decimal Score, string? Note, long? EnteredBy, DateTimeOffset EnteredAt);
