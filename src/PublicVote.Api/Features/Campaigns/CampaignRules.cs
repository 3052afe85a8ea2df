using System.Collections.Frozen;

namespace PublicVote.Api.Features.Campaigns;

/// <param name="ReviewStatus">Nomination review (初审): only an approved candidate is listed and votable.</param>
public sealed record CandidateEntry(long Id, long CategoryId, string Number, string Name, string Status, string ReviewStatus = "approved")
{
    public bool IsVotable => Status == "active" && ReviewStatus == "approved";
}

public sealed record CategoryEntry(long Id, string Code, string Name, string Kind);

/// <summary>What the vote hot path needs of a campaign, cached in process (see <see cref="CampaignRulesCache"/>).</summary>
public sealed record CampaignRules(
    long Id,
    string Slug,
    string Name,
    TimeZoneInfo TimeZone,
    DateTimeOffset VoteStartsAt,
    DateTimeOffset VoteEndsAt,
    int DailyVoteLimit,
    int PerCandidateDailyLimit,
    bool ShowLiveCounts,
    int RedisShards,
    string Status,
    long RulesVersion,
    FrozenDictionary<long, CandidateEntry> Candidates,
    IReadOnlyList<CategoryEntry> Categories)
{
    public CampaignProfile Profile { get; init; } = CampaignProfile.Empty;

    public VotingWindowState WindowAt(DateTimeOffset now) => Status switch
    {
        "draft" => VotingWindowState.NotStarted,
        "archived" => VotingWindowState.Closed,
        _ when now < VoteStartsAt => VotingWindowState.NotStarted,
        _ when now >= VoteEndsAt => VotingWindowState.Closed,
        _ => VotingWindowState.Open,
    };
}

public enum VotingWindowState
{
    NotStarted,
    Open,
    Closed,
}
