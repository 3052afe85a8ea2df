namespace PublicVote.Api.Features.Results;

/// <summary>
/// A computed result (docs/results.md): per category, every ranked candidate's line with the numbers that make
/// its total, its rank and whether it is awarded (or why not), and the candidates excluded with their reason.
/// Contains no clock time, so the same inputs give an equal table.
/// </summary>
/// <param name="InputsSha256">SHA-256 of the inputs as serialised in the audit export.</param>
/// <param name="Complete">False when a ranked candidate lacks a score of a weighted source (see <see cref="Warnings"/>).</param>
public sealed record ResultTable(
    long CampaignId,
    string CampaignName,
    string InputsSha256,
    ResultRules Rules,
    IReadOnlyList<CategoryResult> Categories,
    bool Complete,
    IReadOnlyList<string> Warnings);

public sealed record ResultRules(
    IReadOnlyList<SourceInput> Sources,
    string VoteNormalisation,
    string JudgeAggregation,
    int? RubricTotal,
    string Rounding,
    string TieRule);

/// <param name="TopVotes">The most votes of a ranked candidate in the category (the topRatio denominator).</param>
/// <param name="AwardQuota">The category's award quota; null when only district quotas (or none) apply.</param>
public sealed record CategoryResult(
    long CategoryId,
    string Code,
    string Name,
    string Kind,
    long TopVotes,
    int? AwardQuota,
    int Awarded,
    IReadOnlyList<DistrictAwards> Districts,
    IReadOnlyList<ResultLine> Lines,
    IReadOnlyList<ExcludedLine> Excluded);

/// <param name="Unused">Places this district did not fill; they are not given to another district.</param>
public sealed record DistrictAwards(long DistrictId, string Name, int Quota, int Awarded, int Unused);

/// <param name="VoteRank">The rank by votes (1, 2, 2, 4), used by rank normalisation.</param>
/// <param name="VoteScore">The public vote's share: normalised votes × weight.</param>
/// <param name="JudgeAggregate">The judges' totals combined (mean, or trimmed mean); null without a submitted sheet.</param>
/// <param name="JudgeScore">The expert share: aggregate ÷ rubric total × weight.</param>
/// <param name="TiedWith">Numbers of the other candidates with the same total.</param>
/// <param name="TieBrokenBy">What ordered this line among its ties: judges (the non-vote shares), votes, or number.</param>
/// <param name="Missing">Weighted sources without a score for this candidate (they count 0).</param>
/// <param name="Explanation">The line in words (Chinese), each number as shown.</param>
public sealed record ResultLine(
    long CandidateId,
    string Number,
    string Name,
    string? UnitName,
    long? DistrictId,
    string? DistrictName,
    long Votes,
    int? VoteRank,
    decimal? VoteScore,
    IReadOnlyList<JudgeTotal> Judges,
    decimal? JudgeAggregate,
    decimal? JudgeScore,
    IReadOnlyList<EnteredPart> Entered,
    decimal Total,
    int Rank,
    IReadOnlyList<string> TiedWith,
    string? TieBrokenBy,
    bool Awarded,
    string? NotAwardedReason,
    IReadOnlyList<string> Missing,
    string Explanation);

/// <param name="Dropped">Dropped by the trimmed mean (the one highest or the one lowest).</param>
public sealed record JudgeTotal(long JudgeId, string Name, decimal Total, bool Dropped);

/// <param name="Score">The entered score on 100; null when none was entered.</param>
/// <param name="Weighted">score ÷ 100 × weight.</param>
public sealed record EnteredPart(string Code, string Name, int Weight, decimal? Score, decimal Weighted);

public sealed record ExcludedLine(long CandidateId, string Number, string Name, string? UnitName, long? DistrictId, string Status, string Reason, long Votes);
