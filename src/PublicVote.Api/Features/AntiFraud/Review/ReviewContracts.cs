using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace PublicVote.Api.Features.AntiFraud.Review;

/// <param name="Reason">Why (kept with the case, the votes and in the audit log).</param>
public sealed record ReasonRequest([property: Required, StringLength(500, MinimumLength = 1)] string Reason);

/// <param name="Receipts">Only these votes of the case; null or absent means all of the case's votes.</param>
public sealed record VoteActionRequest(
    [property: Required, StringLength(500, MinimumLength = 1)] string Reason,
    [property: MaxLength(100_000)] IReadOnlyList<string>? Receipts);

public sealed record VoteStatusCounts(long Counted, long Pending, long Voided, long Restored);

public sealed record CaseSummary(
    long Id, long CandidateId, string CandidateNumber, string CandidateName, string CandidateStatus, string Detector,
    double Severity, string Status, string Summary, DateTimeOffset WindowFrom, DateTimeOffset WindowTo,
    VoteStatusCounts Votes, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record CasePage(int Page, int PageSize, long Total, IReadOnlyList<CaseSummary> Items);

/// <param name="CaseVotes">Of the votes that minute, how many are in the case.</param>
public sealed record MinutePoint(DateTimeOffset Minute, long Votes, long CaseVotes);

/// <summary>The candidate's votes per minute around the case window, against its mean rate in the hours before it.</summary>
public sealed record RateSeries(double BaselinePerMinute, DateTimeOffset BaselineFrom, DateTimeOffset BaselineTo, IReadOnlyList<MinutePoint> Minutes);

public sealed record ShareItem(string Key, long Votes, double Share);

/// <summary>Who drives a set of votes: fresh voters, missing or short dwell, the IP prefixes and user agents.</summary>
/// <param name="FreshShare">Voters first seen (signed in) less than <c>AntiFraud:FreshVoterAge</c> before the vote, or never.</param>
/// <param name="NoTokenShare">Votes without a first-use vote token (none, reused or invalid).</param>
/// <param name="ShortDwellShare">Votes under <c>AntiFraud:ShortDwell</c> from page to vote, of those with a known dwell.</param>
public sealed record Composition(
    long Votes, long DistinctVoters, double FreshShare, double NoTokenShare, double ShortDwellShare, double? MedianDwellMs,
    IReadOnlyList<ShareItem> TopPrefixes, IReadOnlyList<ShareItem> TopUaHashes);

/// <summary>A voter of the case, by pseudonymous key (never the openid).</summary>
public sealed record CaseVoter(string VoterKey, long Votes, long VotesInCampaign, DateTimeOffset? FirstSeenAt, long Prefixes);

/// <param name="Baseline">The candidate's other votes in the hours before the case window, for comparison.</param>
public sealed record CaseDetail(
    CaseSummary Case, JsonElement Evidence, bool Escalated, string? ResolutionReason, string? ResolvedBy, DateTimeOffset? ResolvedAt,
    RateSeries Series, Composition Burst, Composition Baseline, IReadOnlyList<CaseVoter> Voters);

public sealed record CaseVote(
    string Receipt, string VoterKey, DateTimeOffset VotedAt, string IpPrefix, string UaHash, DateTimeOffset? FirstSeenAt,
    int? DwellMs, string TokenState, int PrefixNewVoters, string Status, string? StatusReason);

public sealed record CaseVotePage(int Page, int PageSize, long Total, IReadOnlyList<CaseVote> Items);

/// <param name="Changed">Votes whose status this action changed.</param>
public sealed record CaseActionResult(long CaseId, string Status, long Changed, VoteStatusCounts Votes);
