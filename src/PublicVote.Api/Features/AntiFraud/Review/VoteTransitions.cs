using Dapper;
using Npgsql;
using PublicVote.Api.Features.AntiFraud.Cases;

namespace PublicVote.Api.Features.AntiFraud.Review;

/// <summary>What a status change did: how many votes, which (for the audit log), and the live-counter adjustments it owes.</summary>
public sealed record TransitionResult(long Changed, IReadOnlyList<string> Receipts, IReadOnlyList<CounterAdjustment> Adjustments);

/// <summary>
/// Moves a case's votes between review statuses in the caller's transaction: the votes (never deleted), the flushed
/// totals (<c>vote_totals.votes</c> counts counted + restored, <c>pending</c> the held ones) and the adjustments the
/// live Redis counters need after the commit.
/// </summary>
public static class VoteTransitions
{
    /// <summary>The receipts the audit entry lists; the votes themselves keep the case and reason in any number.</summary>
    public const int AuditedReceipts = 1000;

    public static async Task<TransitionResult> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, long caseId,
        string[] from, string to, string reason, IReadOnlyList<Receipt>? only)
    {
        var (shards, ms, seqs) = Receipt.Columns(only ?? []);
        // Locked in key order, so two reviewers acting on overlapping cases cannot deadlock.
        var rows = (await connection.QueryAsync<(int Shard, long Ms, long Seq, long CandidateId, string Status)>("""
            SELECT v.shard, v.stream_ms, v.stream_seq, v.candidate_id, v.status
              FROM fraud_case_votes cv
              JOIN votes v ON v.campaign_id = cv.campaign_id AND v.shard = cv.shard AND v.stream_ms = cv.stream_ms AND v.stream_seq = cv.stream_seq
             WHERE cv.case_id = @caseId AND v.status = ANY(@from)
               AND (@all OR (v.shard, v.stream_ms, v.stream_seq) IN (SELECT * FROM unnest(@shards, @ms, @seqs)))
             ORDER BY v.shard, v.stream_ms, v.stream_seq
               FOR UPDATE OF v
            """, new { caseId, from, all = only is null, shards, ms, seqs }, transaction)).AsList();
        return await ChangeAsync(connection, transaction, campaignId, caseId, rows, to, reason);
    }

    /// <summary>
    /// Moves votes the caller has locked (<c>FOR UPDATE</c>, in key order) to <paramref name="to"/>, with the totals and
    /// the live-counter adjustments; <paramref name="caseId"/> is the case the change is made by (null: none).
    /// </summary>
    public static async Task<TransitionResult> ChangeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, long? caseId,
        IReadOnlyList<(int Shard, long Ms, long Seq, long CandidateId, string Status)> rows, string to, string reason)
    {
        if (rows.Count == 0)
        {
            return new TransitionResult(0, [], []);
        }
        await connection.ExecuteAsync("""
            UPDATE votes SET status = @to, status_reason = @reason, status_case_id = @caseId, status_changed_at = now()
             WHERE campaign_id = @campaignId AND (shard, stream_ms, stream_seq) IN (SELECT * FROM unnest(@shards, @ms, @seqs))
            """, new
        {
            to, reason, caseId, campaignId,
            shards = rows.Select(r => r.Shard).ToArray(),
            ms = rows.Select(r => r.Ms).ToArray(),
            seqs = rows.Select(r => r.Seq).ToArray(),
        }, transaction);
        var deltas = rows
            .GroupBy(r => (r.Shard, r.CandidateId))
            .Select(g => (g.Key.Shard, g.Key.CandidateId,
                CountedDelta: g.Sum(r => Tallied(to) - Tallied(r.Status)),
                HeldDelta: g.Sum(r => Held(to) - Held(r.Status))))
            .ToList();
        var perCandidate = deltas.GroupBy(d => d.CandidateId)
            .Select(g => (CandidateId: g.Key, Votes: g.Sum(d => d.CountedDelta), Pending: g.Sum(d => d.HeldDelta)))
            .ToList();
        await connection.ExecuteAsync("""
            UPDATE vote_totals t SET votes = t.votes + d.votes, pending = t.pending + d.pending, updated_at = now()
              FROM unnest(@candidates, @votes, @pending) AS d(candidate_id, votes, pending)
             WHERE t.campaign_id = @campaignId AND t.candidate_id = d.candidate_id
            """, new
        {
            campaignId,
            candidates = perCandidate.Select(c => c.CandidateId).ToArray(),
            votes = perCandidate.Select(c => (long)c.Votes).ToArray(),
            pending = perCandidate.Select(c => (long)c.Pending).ToArray(),
        }, transaction);
        var adjustments = await LiveCounterAdjuster.RecordAsync(connection, transaction, campaignId, deltas);
        var receipts = rows.Take(AuditedReceipts).Select(r => new Receipt(campaignId, r.Shard, r.Ms, r.Seq).ToString()).ToList();
        return new TransitionResult(rows.Count, receipts, adjustments);
    }

    /// <summary>How many of <paramref name="receipts"/> are votes of the case.</summary>
    public static Task<long> CountInCaseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long caseId, IReadOnlyList<Receipt> receipts)
    {
        var (shards, ms, seqs) = Receipt.Columns(receipts);
        return connection.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM fraud_case_votes
             WHERE case_id = @caseId AND (shard, stream_ms, stream_seq) IN (SELECT * FROM unnest(@shards, @ms, @seqs))
            """, new { caseId, shards, ms, seqs }, transaction);
    }

    private static int Tallied(string status) => VoteReviewStatus.IsTallied(status) ? 1 : 0;

    private static int Held(string status) => status == VoteReviewStatus.Pending ? 1 : 0;
}
