using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Scoring;

/// <summary>
/// Expert scoring (docs/results.md): judges save and submit their sheets on the campaign's rubric; a submitted
/// sheet is locked until an admin unlocks it; a submitted veto disqualifies the candidate. Every write is audited.
/// </summary>
public static class ScoringApi
{
    public static RouteGroupBuilder MapScoring(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup().WithTags("Scoring");
        admin.MapPost("/campaigns/{campaignId:long}/scores", SaveAsync).RequireCampaignRole(Roles.Judge);
        admin.MapGet("/campaigns/{campaignId:long}/scores/mine", ScoringViews.MineAsync).RequireCampaignRole(Roles.Judge);
        admin.MapGet("/campaigns/{campaignId:long}/scores/progress", ScoringViews.ProgressAsync).RequireCampaignRole(Roles.Organizer);
        admin.MapPost("/campaigns/{campaignId:long}/scores/{candidateId:long}/judges/{judgeId:long}/unlock", UnlockAsync).RequireRole(Roles.Admin);
        admin.MapEnteredScores();
        return admin;
    }

    private static async Task<Results<Ok<ScoreSheetSaved>, ProblemHttpResult>> SaveAsync(
        long campaignId, ScoreSheetRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, TimeProvider time)
    {
        var me = AdminUser.From(http.User)!;
        return await AuditedWrite.RunAsync(db, async Task<Results<Ok<ScoreSheetSaved>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await RubricOfAsync(connection, transaction, campaignId) is not { } rubric)
            {
                return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM campaigns WHERE id = @campaignId)", new { campaignId }, transaction)
                    ? Problems.Of(409, Problems.CampaignHasNoRubric, "This campaign has no judges' rubric.", "Its scoring has no source of kind 'rubric'.")
                    : Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
            }
            var (isJudge, categories) = await ScoreSheetRepository.AssignmentAsync(connection, transaction, campaignId, me.AccountId);
            if (!isJudge)
            {
                return Problems.Of(403, Problems.JudgeNotAssigned, "You are not a judge of this campaign.", "An admin grants the judge role per campaign.");
            }
            if (await ScoreSheetRepository.CandidateAsync(connection, transaction, campaignId, request.CandidateId) is not { } candidate)
            {
                return Problems.Of(404, Problems.CandidateNotFound, "No such candidate in this campaign.");
            }
            if (categories is not null && !categories.Contains(candidate.CategoryCode))
            {
                return Problems.Of(403, Problems.JudgeNotAssigned, "You do not judge this candidate's category.",
                    $"Your categories: {string.Join(", ", categories)}; the candidate is in '{candidate.CategoryCode}'.");
            }
            if (candidate.ReviewStatus != "approved" || candidate.Status != "active")
            {
                return Problems.Of(409, Problems.CandidateNotScorable, "This candidate cannot be scored.",
                    $"Review status '{candidate.ReviewStatus}', status '{candidate.Status}': only approved, active candidates are scored.");
            }
            var (sheet, errors) = ScoreSheetRules.Evaluate(rubric, request);
            if (sheet is null)
            {
                return Problems.Of(400, Problems.ScoreSheetInvalid, "The score sheet is not valid.", $"{errors.Count} error(s); each names its item.",
                    new Dictionary<string, object?> { ["errors"] = errors });
            }
            var before = await ScoreSheetRepository.GetAsync(connection, transaction, candidate.Id, me.AccountId, forUpdate: true);
            var saved = before?.Status == SheetStatus.Submitted
                ? null
                : await ScoreSheetRepository.SaveAsync(connection, transaction, campaignId, me.AccountId, request, sheet, time.GetUtcNow());
            if (saved is null)
            {
                return Problems.Of(409, Problems.ScoreSheetLocked, "This sheet is submitted and locked.", "An admin can unlock it (audited).");
            }
            var actor = AuditActor.From(http);
            await audit.RecordAsync(connection, transaction, actor, new AuditEntry(
                request.Submit ? "score-sheet.submit" : "score-sheet.save", "score-sheet", SheetId(candidate.Id, me.AccountId), campaignId, before, saved));
            var disqualified = request.Submit && request.VetoCode is { } veto
                && await DisqualifyAsync(connection, transaction, audit, actor, campaignId, candidate, rubric.Vetoes.First(v => v.Code == veto), me, request.VetoNote);
            return TypedResults.Ok(new ScoreSheetSaved(saved, disqualified));
        });
    }

    private static Task<Results<Ok<ScoreSheetView>, ProblemHttpResult>> UnlockAsync(
        long campaignId, long candidateId, long judgeId, UnlockRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, TimeProvider time) =>
        AuditedWrite.RunAsync(db, async Task<Results<Ok<ScoreSheetView>, ProblemHttpResult>> (connection, transaction) =>
        {
            var before = await ScoreSheetRepository.GetAsync(connection, transaction, candidateId, judgeId, forUpdate: true);
            if (before is null || await ScoreSheetRepository.CandidateAsync(connection, transaction, campaignId, candidateId) is null)
            {
                return Problems.Of(404, Problems.ScoreSheetNotFound, "This judge has no sheet for this candidate in this campaign.");
            }
            if (before.Status != SheetStatus.Submitted)
            {
                return TypedResults.Ok(before);
            }
            var after = await ScoreSheetRepository.UnlockAsync(connection, transaction, candidateId, judgeId, time.GetUtcNow());
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), new AuditEntry(
                "score-sheet.unlock", "score-sheet", SheetId(candidateId, judgeId), campaignId, before, new { sheet = after, request.Reason }));
            return TypedResults.Ok(after);
        });

    /// <summary>The campaign's rubric when its scoring has a rubric source; null otherwise (or no such campaign).</summary>
    internal static async Task<RubricDefinition?> RubricOfAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long campaignId) =>
        await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM score_sources WHERE campaign_id = @campaignId AND kind = 'rubric')", new { campaignId }, transaction)
            ? await CampaignDefinitionReader.LoadRubricAsync(connection, campaignId)
            : null;

    private static async Task<bool> DisqualifyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, AuditLog audit, AuditActor actor, long campaignId,
        ScorableCandidate candidate, RubricVeto veto, AdminUser judge, string? note)
    {
        var reason = $"一票否决：{veto.Name}（评委 {judge.UserName} 提交评分时认定{(note is null ? "" : "：" + note)}）";
        reason = reason.Length > 500 ? reason[..500] : reason;
        var changed = await connection.ExecuteAsync("""
            UPDATE candidates SET status = 'disqualified', status_reason = @reason, updated_at = now()
             WHERE id = @Id AND status = 'active'
            """, new { candidate.Id, reason }, transaction);
        if (changed == 1)
        {
            await audit.RecordAsync(connection, transaction, actor, new AuditEntry("candidate.disqualify", "candidate",
                candidate.Id.ToString(CultureInfo.InvariantCulture), campaignId,
                new { candidate.Id, candidate.Number, candidate.Status }, new { candidate.Id, candidate.Number, Status = "disqualified", Reason = reason, Veto = veto.Code }));
        }
        return changed == 1;
    }

    private static string SheetId(long candidateId, long judgeId) => string.Create(CultureInfo.InvariantCulture, $"{candidateId}:{judgeId}");
}
