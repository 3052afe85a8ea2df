namespace PublicVote.Api.Features.Results;

/// <summary>
/// Everything a result is computed from, read from PostgreSQL in one snapshot (<see cref="ResultInputsLoader"/>).
/// Lists are in a fixed order, so the same stored state always serialises, hashes and computes the same.
/// </summary>
public sealed record ResultInputs(
    long CampaignId,
    string CampaignName,
    IReadOnlyList<SourceInput> Sources,
    RubricInput? Rubric,
    IReadOnlyList<CategoryInput> Categories,
    IReadOnlyList<DistrictInput> Districts,
    IReadOnlyList<DistrictQuotaInput> DistrictQuotas,
    IReadOnlyList<CandidateInput> Candidates,
    IReadOnlyList<VoteCountInput> Votes,
    IReadOnlyList<SheetInput> Sheets,
    IReadOnlyList<EnteredInput> Entered);

/// <param name="Kind">publicVote, rubric or entered.</param>
/// <param name="Normalisation">publicVote only: topRatio (default) or rank.</param>
public sealed record SourceInput(string Code, string Name, string Kind, int Weight, string? Normalisation);

/// <param name="Total">The rubric's maximum without the bonus: the expert share is aggregate ÷ total × weight.</param>
/// <param name="Aggregation">mean (default) or trimmedMean.</param>
public sealed record RubricInput(int Total, int? BonusMax, string? Aggregation);

public sealed record CategoryInput(long Id, string Code, string Name, string Kind, int? AwardQuota);

public sealed record DistrictInput(long Id, string Code, string Name);

public sealed record DistrictQuotaInput(long DistrictId, long CategoryId, int Award);

/// <param name="Status">active, withdrawn or disqualified; only approved nominations are inputs at all.</param>
public sealed record CandidateInput(
    long Id, string Number, string Name, string? UnitName, long CategoryId, long? DistrictId, string Status, string? StatusReason);

/// <summary>Votes with status counted or restored.</summary>
public sealed record VoteCountInput(long CandidateId, long Votes);

/// <summary>A submitted sheet's total (items + capped bonus); drafts are not inputs.</summary>
public sealed record SheetInput(long CandidateId, long JudgeId, string JudgeName, decimal Total);

public sealed record EnteredInput(string SourceCode, long CandidateId, decimal Score);
