using System.Data;
using Dapper;
using Npgsql;

namespace PublicVote.Api.Features.Results;

/// <summary>
/// Reads a campaign's result inputs from PostgreSQL only (never Redis), in one repeatable-read snapshot so votes,
/// sheets and statuses are of the same instant. Votes are the rows of <c>votes</c> counted or restored.
/// </summary>
public sealed class ResultInputsLoader(NpgsqlDataSource dataSource)
{
    public async Task<ResultInputs?> LoadAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var inputs = await LoadAsync(connection, transaction, campaignId);
        await transaction.CommitAsync(cancellationToken);
        return inputs;
    }

    public static async Task<ResultInputs?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId)
    {
        var args = new { campaignId };
        var name = await connection.ExecuteScalarAsync<string?>("SELECT name FROM campaigns WHERE id = @campaignId", args, transaction);
        if (name is null)
        {
            return null;
        }
        async Task<T[]> Query<T>(string sql) => (await connection.QueryAsync<T>(sql, args, transaction)).ToArray();
        var rubric = await connection.QuerySingleOrDefaultAsync<RubricInput>(
            "SELECT total, bonus_max AS BonusMax, aggregation FROM rubrics WHERE campaign_id = @campaignId", args, transaction);
        return new ResultInputs(
            campaignId,
            name,
            await Query<SourceInput>("SELECT code, name, kind, weight, normalisation FROM score_sources WHERE campaign_id = @campaignId ORDER BY position"),
            rubric,
            await Query<CategoryInput>("""
                SELECT id, code, name, kind, award_quota AS AwardQuota FROM categories WHERE campaign_id = @campaignId ORDER BY sort_order, id
                """),
            await Query<DistrictInput>("SELECT id, code, name FROM districts WHERE campaign_id = @campaignId ORDER BY sort_order, id"),
            await Query<DistrictQuotaInput>("""
                SELECT q.district_id AS DistrictId, q.category_id AS CategoryId, q.award
                  FROM district_quotas q JOIN districts d ON d.id = q.district_id
                 WHERE d.campaign_id = @campaignId ORDER BY q.district_id, q.category_id
                """),
            await Query<CandidateInput>("""
                SELECT id, number, name, unit_name AS UnitName, category_id AS CategoryId, district_id AS DistrictId, status, status_reason AS StatusReason
                  FROM candidates WHERE campaign_id = @campaignId AND review_status = 'approved' ORDER BY id
                """),
            await Query<VoteCountInput>("""
                SELECT candidate_id AS CandidateId, count(*) AS Votes FROM votes
                 WHERE campaign_id = @campaignId AND status IN ('counted', 'restored')
                 GROUP BY candidate_id ORDER BY candidate_id
                """),
            await Query<SheetInput>("""
                SELECT s.candidate_id AS CandidateId, s.judge_id AS JudgeId, COALESCE(NULLIF(a.display_name, ''), a.user_name) AS JudgeName, s.total
                  FROM score_sheets s JOIN accounts a ON a.id = s.judge_id
                 WHERE s.campaign_id = @campaignId AND s.status = 'submitted' ORDER BY s.candidate_id, s.judge_id
                """),
            await Query<EnteredInput>("""
                SELECT source_code AS SourceCode, candidate_id AS CandidateId, score FROM entered_scores
                 WHERE campaign_id = @campaignId ORDER BY source_code, candidate_id
                """));
    }
}
