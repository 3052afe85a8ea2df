using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.FraudEval.Replay;

/// <summary>
/// Reads back what the product did, from its own tables: every case opened or changed since the last read as a
/// finding (its detector, candidate, severity, window and all its votes: the replay log merges them as the host
/// does), and the votes newly <c>pending</c> in <c>votes.status</c> (held by surge mode on the hot path or by the
/// host's hold policy).
/// </summary>
internal sealed class ServiceReadback(NpgsqlDataSource db, ServiceCampaign campaign, long simulatedCampaignId)
{
    private readonly Dictionary<long, DateTime> _seen = [];
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private DateTime _since = DateTime.MinValue;

    /// <summary>Cases of the product so far.</summary>
    public int Cases => _seen.Count;

    public async Task<ReplayObservation> ReadAsync(DateTimeOffset castSince, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        // Every write of the host's scan has committed before this read (the replay runs them in turn), so whatever
        // changes next has a later timestamp than this.
        var readAt = await connection.ExecuteScalarAsync<DateTime>("SELECT clock_timestamp()");
        var changed = (await connection.QueryAsync<CaseRow>("""
            SELECT id, detector, candidate_id AS CandidateId, severity, summary, window_from AS WindowFrom, window_to AS WindowTo,
                   updated_at AS UpdatedAt, evidence::text AS Evidence
              FROM fraud_cases WHERE campaign_id = @Id AND updated_at >= @since ORDER BY id
            """, new { campaign.Id, since = _since })).Where(c => !_seen.TryGetValue(c.Id, out var at) || at != c.UpdatedAt).ToList();
        var votes = (await connection.QueryAsync<(long CaseId, int Shard, long Ms, long Seq)>(
            "SELECT case_id, shard, stream_ms, stream_seq FROM fraud_case_votes WHERE case_id = ANY(@ids)",
            new { ids = changed.Select(c => c.Id).ToArray() })).ToLookup(v => v.CaseId);
        var findings = new List<Finding>(changed.Count);
        foreach (var c in changed)
        {
            _seen[c.Id] = c.UpdatedAt;
            findings.Add(new Finding(c.Detector, simulatedCampaignId, campaign.Simulated(c.CandidateId), c.Severity,
                Utc(c.WindowFrom), Utc(c.WindowTo), votes[c.Id].Select(v => Receipt(v.Shard, v.Ms, v.Seq)).ToList(), c.Summary,
                JsonNode.Parse(c.Evidence) as JsonObject ?? []));
        }
        // Held on the hot path: cast since the last read; held by a case: changed since the last read.
        var pending = await connection.QueryAsync<(int Shard, long Ms, long Seq)>("""
            SELECT shard, stream_ms, stream_seq FROM votes
             WHERE campaign_id = @Id AND status = 'pending' AND (voted_at >= @castSince OR status_changed_at >= @since)
            """, new { campaign.Id, castSince = castSince.UtcDateTime, since = _since });
        var newlyHeld = pending.Select(v => Receipt(v.Shard, v.Ms, v.Seq)).Where(_held.Add).ToList();
        _since = readAt;
        return new ReplayObservation(findings, newlyHeld);
    }

    private string Receipt(int shard, long ms, long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{campaign.Id}-{shard}-{ms}-{seq}");

    private static DateTimeOffset Utc(DateTime at) => new(DateTime.SpecifyKind(at, DateTimeKind.Utc));

    private sealed record CaseRow(long Id, string Detector, long CandidateId, double Severity, string Summary, DateTime WindowFrom,
        DateTime WindowTo, DateTime UpdatedAt, string Evidence);
}
