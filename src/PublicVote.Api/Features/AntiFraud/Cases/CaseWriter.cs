using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.AntiFraud.Review;
using PublicVote.Api.Features.Audit;

namespace PublicVote.Api.Features.AntiFraud.Cases;

/// <summary>What became of a finding: a new case, an update of the open one, or nothing (a closed case already covers it).</summary>
public enum CaseChange
{
    Ignored,
    Opened,
    Updated,
}

/// <summary>What an upsert did: the change, the case (0 when ignored), and how many of its counted votes it held pending.</summary>
public sealed record CaseUpsert(CaseChange Change, long CaseId, long Held)
{
    public static readonly CaseUpsert Ignored = new(CaseChange.Ignored, 0, 0);
}

/// <summary>
/// Turns findings into cases. A detector's finding about a candidate updates that detector's open case for it (the
/// window grows, the votes are added, severity and evidence are replaced by the latest). When the latest case is
/// already closed and the finding continues it (overlapping window), only votes the closed case does not hold open
/// a new case, so a dismissed finding that a detector keeps reporting does not come back every scan.
/// With a hold reason, the case's votes still counted are held pending in the same transaction (the host's hold
/// policy, docs/antifraud.md): out of the tally, audited with the system as actor, live counters adjusted after the commit.
/// </summary>
public sealed partial class CaseWriter(NpgsqlDataSource dataSource, AuditLog audit, LiveCounterAdjuster adjuster, ILogger<CaseWriter> logger)
{
    public const int MaxSummaryLength = 500;
    private static readonly string[] Counted = [VoteReviewStatus.Counted];

    /// <param name="votesOnly">Only add the votes and grow the window of an open case, keeping its figures; without an
    /// open case, do nothing (held votes join the surge case the surge monitor opened, whose figures are its own).</param>
    /// <param name="holdReason">When set, hold the open case's counted votes pending with this reason.</param>
    public async Task<CaseUpsert> UpsertAsync(
        Finding finding, bool votesOnly = false, string? holdReason = null, CancellationToken cancellationToken = default)
    {
        if (!DetectorName().IsMatch(finding.Detector))
        {
            LogBadFinding(finding.Detector, "detector name must be 1-40 of a-z, 0-9, '-'");
            return CaseUpsert.Ignored;
        }
        IReadOnlyList<Receipt> receipts = ParseReceipts(finding);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var candidateKnown = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM candidates WHERE id = @CandidateId AND campaign_id = @CampaignId)", finding, transaction);
        if (!candidateKnown)
        {
            LogBadFinding(finding.Detector, "no such candidate in that campaign");
            return CaseUpsert.Ignored;
        }
        // Serialises writers of one (campaign, candidate, detector): the scan and a reviewer's reopen.
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('fraud-case'), hashtext(@key))",
            new { key = $"{finding.CampaignId}:{finding.CandidateId}:{finding.Detector}" }, transaction);
        var latest = await connection.QuerySingleOrDefaultAsync<LatestCase>("""
            SELECT id, status, window_to AS WindowTo FROM fraud_cases
             WHERE campaign_id = @CampaignId AND candidate_id = @CandidateId AND detector = @Detector
             ORDER BY id DESC LIMIT 1
            """, finding, transaction);
        CaseChange change;
        long caseId;
        if (latest is { Status: CaseStatus.Open })
        {
            caseId = latest.Id;
            await connection.ExecuteAsync(votesOnly
                ? "UPDATE fraud_cases SET window_from = least(window_from, @from), window_to = greatest(window_to, @to), updated_at = now() WHERE id = @caseId"
                : """
                UPDATE fraud_cases
                   SET severity = @severity, summary = @summary, evidence = CAST(@evidence AS jsonb),
                       window_from = least(window_from, @from), window_to = greatest(window_to, @to), updated_at = now()
                 WHERE id = @caseId
                """, Values(finding, caseId), transaction);
            change = CaseChange.Updated;
        }
        else if (votesOnly)
        {
            return CaseUpsert.Ignored;
        }
        else
        {
            if (latest is not null && finding.From <= new DateTimeOffset(latest.WindowTo, TimeSpan.Zero))
            {
                receipts = await NotInCaseAsync(connection, transaction, latest.Id, finding.CampaignId, receipts);
                if (receipts.Count == 0)
                {
                    return CaseUpsert.Ignored;
                }
            }
            caseId = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO fraud_cases (campaign_id, candidate_id, detector, severity, summary, evidence, window_from, window_to)
                VALUES (@campaignId, @candidateId, @detector, @severity, @summary, CAST(@evidence AS jsonb), @from, @to)
                RETURNING id
                """, Values(finding, 0), transaction);
            change = CaseChange.Opened;
        }
        await AddVotesAsync(connection, transaction, caseId, finding.CampaignId, receipts);
        var held = holdReason is null ? new TransitionResult(0, [], []) : await HoldAsync(connection, transaction, caseId, finding, holdReason);
        await transaction.CommitAsync(cancellationToken);
        await adjuster.ApplyAsync(held.Adjustments);
        return new CaseUpsert(change, caseId, held.Changed);
    }

    /// <summary>Holds the case's counted votes pending (restored ones stay: a reviewer already decided on them).</summary>
    private async Task<TransitionResult> HoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long caseId, Finding finding, string reason)
    {
        var held = await VoteTransitions.ApplyAsync(connection, transaction, finding.CampaignId, caseId, Counted, VoteReviewStatus.Pending, reason, null);
        if (held.Changed > 0)
        {
            await audit.RecordAsync(connection, transaction, AuditActor.System, new AuditEntry(
                "fraud.votes.hold", "fraud_case", caseId.ToString(CultureInfo.InvariantCulture), finding.CampaignId, null, new
                {
                    reason,
                    detector = finding.Detector,
                    severity = finding.Severity,
                    candidateId = finding.CandidateId,
                    changed = held.Changed,
                    receipts = held.Receipts,
                    receiptsTruncated = held.Changed > held.Receipts.Count,
                }));
        }
        return held;
    }

    /// <summary>Adds votes to a case; receipts of votes not (yet) in the log are skipped, already-listed ones too.</summary>
    private static Task AddVotesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long caseId, long campaignId, IReadOnlyList<Receipt> receipts)
    {
        var (shards, ms, seqs) = Receipt.Columns(receipts);
        return receipts.Count == 0 ? Task.CompletedTask : connection.ExecuteAsync("""
            INSERT INTO fraud_case_votes (case_id, campaign_id, shard, stream_ms, stream_seq)
            SELECT @caseId, v.campaign_id, v.shard, v.stream_ms, v.stream_seq
              FROM unnest(@shards, @ms, @seqs) AS r(shard, stream_ms, stream_seq)
              JOIN votes v ON v.campaign_id = @campaignId AND v.shard = r.shard AND v.stream_ms = r.stream_ms AND v.stream_seq = r.stream_seq
            ON CONFLICT DO NOTHING
            """, new { caseId, campaignId, shards, ms, seqs }, transaction);
    }

    private static async Task<IReadOnlyList<Receipt>> NotInCaseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long caseId, long campaignId, IReadOnlyList<Receipt> receipts)
    {
        var (shards, ms, seqs) = Receipt.Columns(receipts);
        var rows = await connection.QueryAsync<(int Shard, long Ms, long Seq)>("""
            SELECT r.shard, r.stream_ms, r.stream_seq FROM unnest(@shards, @ms, @seqs) AS r(shard, stream_ms, stream_seq)
             WHERE NOT EXISTS (SELECT 1 FROM fraud_case_votes cv
                                WHERE cv.case_id = @caseId AND cv.shard = r.shard AND cv.stream_ms = r.stream_ms AND cv.stream_seq = r.stream_seq)
            """, new { caseId, shards, ms, seqs }, transaction);
        return rows.Select(r => new Receipt(campaignId, r.Shard, r.Ms, r.Seq)).ToList();
    }

    private List<Receipt> ParseReceipts(Finding finding)
    {
        var receipts = new List<Receipt>(finding.Receipts.Count);
        foreach (var text in finding.Receipts)
        {
            if (Receipt.TryParse(text, out var receipt) && receipt.CampaignId == finding.CampaignId)
            {
                receipts.Add(receipt);
            }
            else
            {
                LogBadFinding(finding.Detector, "a receipt is malformed or of another campaign");
            }
        }
        return receipts;
    }

    private static object Values(Finding finding, long caseId) => new
    {
        caseId,
        campaignId = finding.CampaignId,
        candidateId = finding.CandidateId,
        detector = finding.Detector,
        severity = double.IsFinite(finding.Severity) ? Math.Clamp(finding.Severity, 0, 1) : 0,
        summary = Summary(finding.Summary),
        evidence = finding.Evidence.ToJsonString(),
        from = (finding.From <= finding.To ? finding.From : finding.To).ToUniversalTime(),
        to = finding.To.ToUniversalTime(),
    };

    private static string Summary(string summary) =>
        string.IsNullOrWhiteSpace(summary) ? "（无说明）" : summary.Length <= MaxSummaryLength ? summary : summary[..MaxSummaryLength];

    private sealed record LatestCase(long Id, string Status, DateTime WindowTo);

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    private static partial Regex DetectorName();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finding of detector {Detector} skipped in part or whole: {Problem}")]
    private partial void LogBadFinding(string detector, string problem);
}
