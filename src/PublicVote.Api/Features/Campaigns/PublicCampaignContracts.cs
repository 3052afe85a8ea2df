namespace PublicVote.Api.Features.Campaigns;

public sealed record CategoryView(long Id, string Code, string Name, string Kind);

public sealed record CampaignView(
    long Id, string Slug, string Name, DateTimeOffset VoteStartsAt, DateTimeOffset VoteEndsAt, string VotingState,
    int DailyVoteLimit, int PerCandidateDailyLimit, bool ShowLiveCounts, IReadOnlyList<CategoryView> Categories);

/// <summary>A public list item (owner: Features/Candidates/Public); <paramref name="ThumbUrl"/> is null without photos.</summary>
/// <param name="Votes">Live votes, only when the campaign shows counts to the public.</param>
public sealed record CandidateView(
    long Id, string Number, string Name, long CategoryId, long? DistrictId, string? UnitName, string? Post, string? ThumbUrl,
    string Status, long? Votes);

public sealed record CandidatePage(IReadOnlyList<CandidateView> Items, int Total, int Page, int PageSize);

public sealed record RankingEntry(long CandidateId, string Number, string Name, long Votes, int Rank);

public sealed record CategoryRanking(long CategoryId, DateTimeOffset AsOf, IReadOnlyList<RankingEntry> Items);
