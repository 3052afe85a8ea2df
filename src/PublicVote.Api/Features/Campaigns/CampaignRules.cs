using System.Collections.Frozen;

namespace PublicVote.Api.Features.Campaigns;

public sealed record CandidateEntry(long Id, long CategoryId, string Number, string Name, string Status)
{
    public bool IsVotable => Status == "active";
}

/// <summary>What the vote hot path needs of a campaign, cached in process (see <see cref="CampaignRulesCache"/>).</summary>
public sealed record CampaignRules(
    long Id,
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
    FrozenDictionary<long, CandidateEntry> Candidates)
{
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
