using PublicVote.Api.Features.Phases;

namespace PublicVote.Api.Features.Campaigns;

public sealed record CategoryView(long Id, string Code, string Name, string Kind);

public sealed record DistrictView(long Id, string Code, string Name);

/// <param name="VoteEndsAt">9999-12-31T23:59:59.9999999+00:00 while an organizer holds the vote open (docs/phases.md).</param>
/// <param name="Phase">The phase the campaign is in now; null before the first, between two, or after the last.</param>
public sealed record CampaignView(
    long Id, string Slug, string Name, DateTimeOffset VoteStartsAt, DateTimeOffset VoteEndsAt, string VotingState,
    int DailyVoteLimit, int PerCandidateDailyLimit, bool ShowLiveCounts, IReadOnlyList<CategoryView> Categories,
    string? Organizer, bool PublicVote, int? PerCategoryDailyLimit, CurrentPhaseView? Phase,
    IReadOnlyList<PhaseScheduleView> Phases, IReadOnlyList<DistrictView> Districts);

/// <summary>A public list item (owner: Features/Candidates/Public); <paramref name="ThumbUrl"/> is null without photos.</summary>
/// <param name="Votes">Live votes, only when the campaign shows counts to the public.</param>
public sealed record CandidateView(
    long Id, string Number, string Name, long CategoryId, long? DistrictId, string? UnitName, string? Post, string? ThumbUrl,
    string Status, long? Votes);

public sealed record CandidatePage(IReadOnlyList<CandidateView> Items, int Total, int Page, int PageSize);

public sealed record RankingEntry(long CandidateId, string Number, string Name, long Votes, int Rank);

public sealed record CategoryRanking(long CategoryId, DateTimeOffset AsOf, IReadOnlyList<RankingEntry> Items);
