using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.AntiFraud.Cases;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.AntiFraud.Review;

/// <summary>
/// The reviewer's actions on a case, each in one transaction with its audit entry (reason included): void and
/// restore votes (the case closes as actioned once none of its votes is still held), dismiss (held votes are
/// restored), escalate to disqualifying the candidate, and the admin's reopen, which reverses a dismissal or an
/// escalation. Live counters follow right after the commit.
/// </summary>
public sealed class CaseActions(NpgsqlDataSource dataSource, AuditLog audit, LiveCounterAdjuster adjuster, CaseQueries queries)
{
    private static readonly string[] VoidableStatuses = [VoteReviewStatus.Counted, VoteReviewStatus.Pending, VoteReviewStatus.Restored];
    private static readonly string[] RestorableStatuses = [VoteReviewStatus.Voided, VoteReviewStatus.Pending];
    private static readonly string[] HeldStatuses = [VoteReviewStatus.Pending];

    public Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> VoidAsync(long campaignId, long caseId, VoteActionRequest request, AuditActor actor) =>
        ChangeVotesAsync(campaignId, caseId, request, actor, "fraud.votes.void", VoidableStatuses, VoteReviewStatus.Voided);

    public Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> RestoreAsync(long campaignId, long caseId, VoteActionRequest request, AuditActor actor) =>
        ChangeVotesAsync(campaignId, caseId, request, actor, "fraud.votes.restore", RestorableStatuses, VoteReviewStatus.Restored);

    private async Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> ChangeVotesAsync(
        long campaignId, long caseId, VoteActionRequest request, AuditActor actor, string action, string[] from, string to)
    {
        List<Receipt>? only = null;
        if (request.Receipts is { } texts)
        {
            only = [];
            foreach (var text in texts.Distinct(StringComparer.Ordinal))
            {
                if (!Receipt.TryParse(text, out var receipt) || receipt.CampaignId != campaignId)
                {
                    return Problems.Of(400, Problems.VotesNotInCase, "A receipt is not a vote of this case.", $"'{Clip(text)}'");
                }
                only.Add(receipt);
            }
        }
        IReadOnlyList<CounterAdjustment> adjustments = [];
        var result = await AuditedWrite.RunAsync(dataSource, async Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await LockAsync(connection, transaction, campaignId, caseId) is not { } locked)
            {
                return CaseNotFound();
            }
            if (only is not null && await VoteTransitions.CountInCaseAsync(connection, transaction, caseId, only) != only.Count)
            {
                return Problems.Of(400, Problems.VotesNotInCase, "Some receipts are not votes of this case.", "List only votes of this case, or none for all of them.");
            }
            var before = await queries.SummaryAsync(connection, campaignId, caseId, transaction);
            var changed = await VoteTransitions.ApplyAsync(connection, transaction, campaignId, caseId, from, to, request.Reason, only);
            adjustments = changed.Adjustments;
            // A decision on some of the votes while others are still held leaves the case open: closed, it would drop
            // out of the reviewers' queue with those votes out of the tally and nobody to decide on them.
            if (locked.Status != CaseStatus.Open || !await HoldsPendingAsync(connection, transaction, caseId))
            {
                await ResolveAsync(connection, transaction, caseId, CaseStatus.Actioned, request.Reason, actor);
            }
            return await RecordAsync(connection, transaction, actor, action, campaignId, caseId, before!, request.Reason, changed, locked);
        });
        await adjuster.ApplyAsync(adjustments);
        return result;
    }

    /// <summary>Closes an open case as honest; votes it held pending are restored into the tally.</summary>
    public async Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> DismissAsync(long campaignId, long caseId, string reason, AuditActor actor)
    {
        IReadOnlyList<CounterAdjustment> adjustments = [];
        var result = await AuditedWrite.RunAsync(dataSource, async Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await LockAsync(connection, transaction, campaignId, caseId) is not { } locked)
            {
                return CaseNotFound();
            }
            if (locked.Status != CaseStatus.Open)
            {
                return Conflict($"The case is {locked.Status}; only an open case can be dismissed.");
            }
            var before = await queries.SummaryAsync(connection, campaignId, caseId, transaction);
            var changed = await VoteTransitions.ApplyAsync(connection, transaction, campaignId, caseId, HeldStatuses, VoteReviewStatus.Restored, reason, null);
            adjustments = changed.Adjustments;
            await ResolveAsync(connection, transaction, caseId, CaseStatus.Dismissed, reason, actor);
            return await RecordAsync(connection, transaction, actor, "fraud.case.dismiss", campaignId, caseId, before!, reason, changed, locked);
        });
        await adjuster.ApplyAsync(adjustments);
        return result;
    }

    /// <summary>Disqualifies the case's candidate (status 'disqualified' with the reason); an admin's reopen reverses it.</summary>
    public Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> EscalateAsync(long campaignId, long caseId, string reason, AuditActor actor) =>
        AuditedWrite.RunAsync(dataSource, async Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await LockAsync(connection, transaction, campaignId, caseId) is not { } locked)
            {
                return CaseNotFound();
            }
            var before = await queries.SummaryAsync(connection, campaignId, caseId, transaction);
            var disqualified = await connection.ExecuteAsync("""
                UPDATE candidates SET status = 'disqualified', status_reason = @reason, updated_at = now()
                 WHERE id = @CandidateId AND status <> 'disqualified'
                """, new { reason, locked.CandidateId }, transaction);
            if (disqualified == 0)
            {
                return Conflict("The candidate is already disqualified.");
            }
            await connection.ExecuteAsync("UPDATE fraud_cases SET escalated = true WHERE id = @caseId", new { caseId }, transaction);
            await ResolveAsync(connection, transaction, caseId, CaseStatus.Actioned, reason, actor);
            return await RecordAsync(connection, transaction, actor, "fraud.case.escalate", campaignId, caseId, before!, reason,
                new TransitionResult(0, [], []), locked, new { candidateStatus = "disqualified" });
        });

    /// <summary>Admin only: reopens a closed case; an escalation is reversed (the candidate is active again). Voided votes stay voided until restored.</summary>
    public Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> ReopenAsync(long campaignId, long caseId, string reason, AuditActor actor) =>
        AuditedWrite.RunAsync(dataSource, async Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await LockAsync(connection, transaction, campaignId, caseId) is not { } locked)
            {
                return CaseNotFound();
            }
            if (locked.Status == CaseStatus.Open)
            {
                return Conflict("The case is already open.");
            }
            var before = await queries.SummaryAsync(connection, campaignId, caseId, transaction);
            var otherOpen = await connection.ExecuteScalarAsync<bool>("""
                SELECT EXISTS (SELECT 1 FROM fraud_cases o JOIN fraud_cases c ON c.id = @caseId
                                WHERE o.campaign_id = c.campaign_id AND o.candidate_id = c.candidate_id AND o.detector = c.detector AND o.status = 'open')
                """, new { caseId }, transaction);
            if (otherOpen)
            {
                return Conflict("The same detector has a newer open case for this candidate; review that one.");
            }
            var reinstated = locked.Escalated && await connection.ExecuteAsync("""
                UPDATE candidates SET status = 'active', status_reason = NULL, updated_at = now() WHERE id = @CandidateId AND status = 'disqualified'
                """, new { locked.CandidateId }, transaction) > 0;
            await connection.ExecuteAsync("""
                UPDATE fraud_cases SET status = 'open', escalated = false, resolution_reason = NULL, resolved_by = NULL, resolved_at = NULL,
                                       updated_at = now()
                 WHERE id = @caseId
                """, new { caseId }, transaction);
            return await RecordAsync(connection, transaction, actor, "fraud.case.reopen", campaignId, caseId, before!, reason,
                new TransitionResult(0, [], []), locked, new { candidateReinstated = reinstated });
        });

    private sealed record LockedCase(long Id, long CandidateId, string Status, bool Escalated);

    private static Task<LockedCase?> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, long caseId) =>
        connection.QuerySingleOrDefaultAsync<LockedCase?>("""
            SELECT id, candidate_id AS CandidateId, status, escalated FROM fraud_cases WHERE id = @caseId AND campaign_id = @campaignId FOR UPDATE
            """, new { campaignId, caseId }, transaction);

    private static Task<bool> HoldsPendingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long caseId) =>
        connection.ExecuteScalarAsync<bool>("""
            SELECT EXISTS (SELECT 1 FROM fraud_case_votes cv
                             JOIN votes v ON v.campaign_id = cv.campaign_id AND v.shard = cv.shard AND v.stream_ms = cv.stream_ms AND v.stream_seq = cv.stream_seq
                            WHERE cv.case_id = @caseId AND v.status = 'pending')
            """, new { caseId }, transaction);

    private static Task ResolveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long caseId, string status, string reason, AuditActor actor) =>
        connection.ExecuteAsync("""
            UPDATE fraud_cases SET status = @status, resolution_reason = @reason, resolved_by = @by, resolved_at = now(), updated_at = now()
             WHERE id = @caseId
            """, new { caseId, status, reason, by = actor.UserName }, transaction);

    private async Task<Results<Ok<CaseActionResult>, ProblemHttpResult>> RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AuditActor actor, string action, long campaignId, long caseId,
        CaseSummary before, string reason, TransitionResult changed, LockedCase locked, object? extra = null)
    {
        var after = (await queries.SummaryAsync(connection, campaignId, caseId, transaction))!;
        await audit.RecordAsync(connection, transaction, actor, new AuditEntry(action, "fraud_case", caseId.ToString(CultureInfo.InvariantCulture), campaignId,
            new { status = before.Status, votes = before.Votes, escalated = locked.Escalated },
            new
            {
                status = after.Status,
                votes = after.Votes,
                reason,
                candidateId = after.CandidateId,
                changed = changed.Changed,
                receipts = changed.Receipts,
                receiptsTruncated = changed.Changed > changed.Receipts.Count,
                extra,
            }));
        return TypedResults.Ok(new CaseActionResult(caseId, after.Status, changed.Changed, after.Votes));
    }

    private static ProblemHttpResult CaseNotFound() => Problems.Of(404, Problems.FraudCaseNotFound, "No such case in this campaign.");

    private static ProblemHttpResult Conflict(string detail) => Problems.Of(409, Problems.FraudCaseConflict, "The case does not allow this now.", detail);

    private static string Clip(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80];
}
