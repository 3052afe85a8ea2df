using System.Text.Json.Nodes;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// What a detector reports: a suspicious set of votes for one candidate, why, and how sure it is. The case service
/// turns findings into cases (a new one, or an update of the open case with the same detector and candidate).
/// </summary>
/// <param name="Detector">The detector's stable name, e.g. <c>burst</c>, <c>lockstep</c>.</param>
/// <param name="Severity">0 (weak) to 1 (certain); the reviewer console orders cases by it.</param>
/// <param name="Receipts">The votes the finding implicates (those a reviewer would void).</param>
/// <param name="Summary">One sentence in Chinese for the reviewer console.</param>
/// <param name="Evidence">Detector-specific figures (baseline, rate, prefixes, cluster members...) shown on the case page.</param>
public sealed record Finding(
    string Detector,
    long CampaignId,
    long CandidateId,
    double Severity,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> Receipts,
    string Summary,
    JsonObject Evidence);
