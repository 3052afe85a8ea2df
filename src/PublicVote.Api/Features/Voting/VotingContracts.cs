using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.Voting;

public sealed record VoteRequest(
    [property: Range(1, long.MaxValue, ErrorMessage = "candidateId must be a positive candidate id.")] long CandidateId);

/// <param name="Receipt">The vote's stable id (campaign-shard-stream id): lets a citizen check later that it was counted.</param>
/// <param name="Replayed">True when this answers a retried Idempotency-Key: nothing was counted again.</param>
public sealed record VoteReceipt(string Receipt, long CandidateId, int RemainingToday, DateOnly Day, bool Replayed);

public sealed record VotedCandidate(long CandidateId, int Votes);

/// <param name="RemainingToday">Votes left in the category today; null when the campaign has no per-category limit.</param>
public sealed record CategoryUse(long CategoryId, int UsedToday, int? RemainingToday);

public sealed record MyDay(
    long CampaignId, DateOnly Day, int DailyLimit, int UsedToday, int RemainingToday, IReadOnlyList<VotedCandidate> VotedToday,
    int? PerCategoryDailyLimit, IReadOnlyList<CategoryUse> Categories);
