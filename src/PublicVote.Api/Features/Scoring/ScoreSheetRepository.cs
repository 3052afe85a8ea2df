using System.Text.Json;
using Dapper;
using Npgsql;

namespace PublicVote.Api.Features.Scoring;

/// <summary>A candidate as scoring sees it.</summary>
public sealed record ScorableCandidate(long Id, string Number, string Name, long CategoryId, string CategoryCode, string Status, string ReviewStatus);

/// <summary>Score sheets in PostgreSQL; every method runs inside the caller's transaction.</summary>
public static class ScoreSheetRepository
{
    private const string SheetColumns = """
        candidate_id AS CandidateId, judge_id AS JudgeId, status, scores::text AS Scores, bonus_occurrences AS BonusOccurrences,
        bonus, total, veto_code AS VetoCode, veto_note AS VetoNote, comment, updated_at AS UpdatedAt, submitted_at AS SubmittedAt
        """;

    /// <summary>Whether the account is a judge of the campaign, and the category codes it scores (null: every category).</summary>
    public static async Task<(bool IsJudge, string[]? Categories)> AssignmentAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, long campaignId, long accountId)
    {
        var grant = await connection.QuerySingleOrDefaultAsync<GrantRow>("""
            SELECT category_codes AS Categories FROM account_grants
             WHERE account_id = @accountId AND role = 'judge' AND campaign_id = @campaignId
            """, new { campaignId, accountId }, transaction);
        return (grant is not null, grant?.Categories);
    }

    public static Task<ScorableCandidate?> CandidateAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long campaignId, long candidateId) =>
        connection.QuerySingleOrDefaultAsync<ScorableCandidate?>("""
            SELECT c.id, c.number, c.name, c.category_id AS CategoryId, k.code AS CategoryCode, c.status, c.review_status AS ReviewStatus
              FROM candidates c JOIN categories k ON k.id = c.category_id
             WHERE c.campaign_id = @campaignId AND c.id = @candidateId
            """, new { campaignId, candidateId }, transaction);

    public static async Task<ScoreSheetView?> GetAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, long candidateId, long judgeId, bool forUpdate)
    {
        var row = await connection.QuerySingleOrDefaultAsync<SheetRow>($"""
            SELECT {SheetColumns} FROM score_sheets WHERE candidate_id = @candidateId AND judge_id = @judgeId {(forUpdate ? "FOR UPDATE" : "")}
            """, new { candidateId, judgeId }, transaction);
        return row?.ToView();
    }

    public static async Task<IReadOnlyList<ScoreSheetView>> ForJudgeAsync(NpgsqlConnection connection, long campaignId, long judgeId) =>
        (await connection.QueryAsync<SheetRow>($"""
            SELECT {SheetColumns} FROM score_sheets WHERE campaign_id = @campaignId AND judge_id = @judgeId ORDER BY candidate_id
            """, new { campaignId, judgeId })).Select(r => r.ToView()).ToArray();

    /// <summary>Writes the sheet unless a submitted one is there already; null means it was locked (by a concurrent submit).</summary>
    public static async Task<ScoreSheetView?> SaveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, long judgeId, ScoreSheetRequest request,
        EvaluatedSheet sheet, DateTimeOffset now)
    {
        var row = await connection.QuerySingleOrDefaultAsync<SheetRow>($"""
            INSERT INTO score_sheets (campaign_id, candidate_id, judge_id, status, scores, bonus_occurrences, bonus, total,
                                      veto_code, veto_note, comment, updated_at, submitted_at)
            VALUES (@campaignId, @CandidateId, @judgeId, @status, CAST(@scores AS jsonb), @BonusOccurrences, @Bonus, @Total,
                    @VetoCode, @VetoNote, @Comment, @now, @submittedAt)
            ON CONFLICT (candidate_id, judge_id) DO UPDATE
               SET status = EXCLUDED.status, scores = EXCLUDED.scores, bonus_occurrences = EXCLUDED.bonus_occurrences,
                   bonus = EXCLUDED.bonus, total = EXCLUDED.total, veto_code = EXCLUDED.veto_code, veto_note = EXCLUDED.veto_note,
                   comment = EXCLUDED.comment, updated_at = EXCLUDED.updated_at, submitted_at = EXCLUDED.submitted_at
             WHERE score_sheets.status = 'draft'
            RETURNING {SheetColumns}
            """, new
        {
            campaignId,
            request.CandidateId,
            judgeId,
            status = request.Submit ? SheetStatus.Submitted : SheetStatus.Draft,
            scores = JsonSerializer.Serialize(sheet.Scores),
            request.BonusOccurrences,
            sheet.Bonus,
            sheet.Total,
            request.VetoCode,
            request.VetoNote,
            request.Comment,
            now,
            submittedAt = request.Submit ? now : (DateTimeOffset?)null,
        }, transaction);
        return row?.ToView();
    }

    public static async Task<ScoreSheetView> UnlockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long candidateId, long judgeId, DateTimeOffset now) =>
        (await connection.QuerySingleAsync<SheetRow>($"""
            UPDATE score_sheets SET status = 'draft', submitted_at = NULL, updated_at = @now
             WHERE candidate_id = @candidateId AND judge_id = @judgeId
            RETURNING {SheetColumns}
            """, new { candidateId, judgeId, now }, transaction)).ToView();

    // Properties, not a constructor: Dapper reports a text[] column as Array and would find no matching constructor.
    private sealed record GrantRow
    {
        public string[]? Categories { get; init; }
    }

    private sealed record SheetRow(
        long CandidateId, long JudgeId, string Status, string Scores, int BonusOccurrences, decimal Bonus, decimal Total,
        string? VetoCode, string? VetoNote, string? Comment, DateTime UpdatedAt, DateTime? SubmittedAt)
    {
        public ScoreSheetView ToView() => new(
            CandidateId, JudgeId, Status, JsonSerializer.Deserialize<Dictionary<string, decimal>>(Scores)!, BonusOccurrences, Bonus, Total,
            VetoCode, VetoNote, Comment, Utc(UpdatedAt), SubmittedAt is { } at ? Utc(at) : null);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}

public static class SheetStatus
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
}
