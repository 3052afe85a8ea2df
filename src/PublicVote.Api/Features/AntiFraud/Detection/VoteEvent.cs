namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// One accepted vote as the detectors see it: pseudonymous (never the raw openid), with the signals the hot path
/// recorded. Detectors receive these in vote-log order.
/// </summary>
/// <param name="Receipt">The vote's identity (its receipt, the primary key of <c>votes</c>).</param>
/// <param name="VoterKey">A keyed hash of the openid, stable within the campaign.</param>
/// <param name="IpPrefix">The client's /24 (IPv4) or /48 (IPv6) prefix, or empty when unknown.</param>
/// <param name="UaHash">A short hash of the User-Agent, or empty.</param>
/// <param name="VoterFirstSeen">When this voter first signed in to the service, if known.</param>
/// <param name="DwellMs">Time from the candidate page being shown (its vote token) to the vote, if known.</param>
public sealed record VoteEvent(
    string Receipt,
    long CampaignId,
    long CandidateId,
    string VoterKey,
    DateTimeOffset At,
    string IpPrefix,
    string UaHash,
    DateTimeOffset? VoterFirstSeen,
    int? DwellMs);
