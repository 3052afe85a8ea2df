using System.Globalization;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.AntiFraud.Cases;
using PublicVote.Api.Features.AntiFraud.Review;
using PublicVote.Api.Features.AntiFraud.Surge;
using PublicVote.Api.Features.Audit;

namespace PublicVote.Api.Features.AntiFraud.Host;

/// <summary>
/// Releases votes that surge mode held on the hot path back into the tally once no detector has claimed them for
/// <see cref="DetectorHostOptions.ReleaseHeldAfter"/>: surge mode holds risky votes while a candidate's rate jumps,
/// and if no detector then names them in an open case, the jump was people, not a script. A vote in an open case of a
/// detector (not the surge monitor's own catch-all case) waits for the reviewer; so do votes a case held
/// (<c>status_case_id</c> set). Everything is read from PostgreSQL and changed in one transaction with the counter
/// adjustments, so a restart neither loses nor repeats a release.
/// </summary>
public sealed partial class HeldVoteRelease(NpgsqlDataSource dataSource, AuditLog audit, LiveCounterAdjuster adjuster, ILogger<HeldVoteRelease> logger)
{
    /// <summary>Votes released per transaction; the rest wait for the next scan.</summary>
    public const int BatchSize = 5000;

    /// <summary>Releases the unclaimed votes held before <paramref name="heldBefore"/>; returns how many.</summary>
    public async Task<long> ReleaseAsync(DateTimeOffset heldBefore, TimeSpan window, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<CounterAdjustment> adjustments = [];
        long released = 0;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // Locked in key order, like a reviewer's void or restore, so the two cannot deadlock.
            var rows = (await connection.QueryAsync<HeldVote>("""
                SELECT v.campaign_id AS CampaignId, v.shard, v.stream_ms AS Ms, v.stream_seq AS Seq, v.candidate_id AS CandidateId, v.status
                  FROM votes v
                 WHERE v.status = 'pending' AND v.status_case_id IS NULL AND v.voted_at < @heldBefore
                   AND NOT EXISTS (SELECT 1 FROM fraud_case_votes cv JOIN fraud_cases c ON c.id = cv.case_id
                                    WHERE cv.campaign_id = v.campaign_id AND cv.shard = v.shard AND cv.stream_ms = v.stream_ms
                                      AND cv.stream_seq = v.stream_seq AND c.status = 'open' AND c.detector <> @surge)
                 ORDER BY v.campaign_id, v.shard, v.stream_ms, v.stream_seq
                 LIMIT @limit
                   FOR UPDATE OF v
                """, new { heldBefore = heldBefore.UtcDateTime, surge = SurgeMonitor.Detector, limit = BatchSize }, transaction)).AsList();
            if (rows.Count == 0)
            {
                return 0;
            }
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"自动放行：激增模式暂缓计入后 {window.TotalMinutes:F0} 分钟内没有检测案件认领，已恢复计入。");
            var all = new List<CounterAdjustment>();
            foreach (var campaign in rows.GroupBy(r => r.CampaignId))
            {
                var changed = await VoteTransitions.ChangeAsync(connection, transaction, campaign.Key, null,
                    campaign.Select(r => (r.Shard, r.Ms, r.Seq, r.CandidateId, r.Status)).ToList(), VoteReviewStatus.Counted, reason);
                all.AddRange(changed.Adjustments);
                released += changed.Changed;
                foreach (var candidate in campaign.GroupBy(r => r.CandidateId))
                {
                    var receipts = candidate.Take(VoteTransitions.AuditedReceipts).Select(r => new Receipt(r.CampaignId, r.Shard, r.Ms, r.Seq).ToString()).ToList();
                    await audit.RecordAsync(connection, transaction, AuditActor.System, new AuditEntry(
                        "fraud.votes.release", "candidate", candidate.Key.ToString(CultureInfo.InvariantCulture), campaign.Key, null,
                        new { reason, candidateId = candidate.Key, changed = candidate.Count(), receipts, receiptsTruncated = candidate.Count() > receipts.Count }));
                }
            }
            await transaction.CommitAsync(cancellationToken);
            adjustments = all;
        }
        await adjuster.ApplyAsync(adjustments);
        LogReleased(released);
        return released;
    }

    private sealed record HeldVote(long CampaignId, int Shard, long Ms, long Seq, long CandidateId, string Status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Votes} votes held by surge mode that no case claimed")]
    private partial void LogReleased(long votes);
}
