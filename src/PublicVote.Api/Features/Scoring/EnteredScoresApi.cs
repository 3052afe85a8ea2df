using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Scoring;

/// <summary>Scores on 100 that organizers enter for an <c>entered</c> source (seed 001: 领导点评, 职工互评). Audited.</summary>
internal static class EnteredScoresApi
{
    public static RouteGroupBuilder MapEnteredScores(this RouteGroupBuilder admin)
    {
        admin.MapGet("/campaigns/{campaignId:long}/entered-scores", ListAsync).RequireCampaignRole(Roles.Organizer);
        admin.MapPut("/campaigns/{campaignId:long}/entered-scores", SetAsync).RequireCampaignRole(Roles.Organizer);
        return admin;
    }

    private static async Task<Ok<IReadOnlyList<EnteredScoreView>>> ListAsync(long campaignId, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return TypedResults.Ok<IReadOnlyList<EnteredScoreView>>((await connection.QueryAsync<Row>($"""
            SELECT {Columns} FROM entered_scores WHERE campaign_id = @campaignId ORDER BY source_code, candidate_id
            """, new { campaignId })).Select(r => r.ToView()).ToArray());
    }

    private static Task<Results<Ok<EnteredScoreView>, ProblemHttpResult>> SetAsync(
        long campaignId, EnteredScoreRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, TimeProvider time)
    {
        if (decimal.Round(request.Score, 2) != request.Score)
        {
            return Task.FromResult<Results<Ok<EnteredScoreView>, ProblemHttpResult>>(
                Problems.Of(400, Problems.ValidationFailed, "The score has more than two decimals."));
        }
        return AuditedWrite.RunAsync(db, async Task<Results<Ok<EnteredScoreView>, ProblemHttpResult>> (connection, transaction) =>
        {
            var kind = await connection.ExecuteScalarAsync<string?>(
                "SELECT kind FROM score_sources WHERE campaign_id = @campaignId AND code = @SourceCode",
                new { campaignId, request.SourceCode }, transaction);
            if (kind != "entered")
            {
                return Problems.Of(400, Problems.ValidationFailed, "sourceCode is not an entered score source of this campaign.",
                    kind is null ? $"No source '{request.SourceCode}'." : $"'{request.SourceCode}' is a {kind} source.");
            }
            if (await ScoreSheetRepository.CandidateAsync(connection, transaction, campaignId, request.CandidateId) is null)
            {
                return Problems.Of(404, Problems.CandidateNotFound, "No such candidate in this campaign.");
            }
            var key = new { campaignId, request.SourceCode, request.CandidateId };
            var before = (await connection.QuerySingleOrDefaultAsync<Row>($"""
                SELECT {Columns} FROM entered_scores
                 WHERE campaign_id = @campaignId AND source_code = @SourceCode AND candidate_id = @CandidateId FOR UPDATE
                """, key, transaction))?.ToView();
            var after = (await connection.QuerySingleAsync<Row>($"""
                INSERT INTO entered_scores (campaign_id, source_code, candidate_id, score, note, entered_by, entered_at)
                VALUES (@campaignId, @SourceCode, @CandidateId, @Score, @Note, @by, @now)
                ON CONFLICT (campaign_id, source_code, candidate_id) DO UPDATE
                   SET score = EXCLUDED.score, note = EXCLUDED.note, entered_by = EXCLUDED.entered_by, entered_at = EXCLUDED.entered_at
                RETURNING {Columns}
                """, new { campaignId, request.SourceCode, request.CandidateId, request.Score, request.Note, by = AdminUser.From(http.User)!.AccountId, now = time.GetUtcNow() },
                transaction)).ToView();
            await audit.RecordAsync(connection, transaction, AuditActor.From(http), new AuditEntry("entered-score.set", "entered-score",
                string.Create(CultureInfo.InvariantCulture, $"{request.SourceCode}:{request.CandidateId}"), campaignId, before, after));
            return TypedResults.Ok(after);
        });
    }

    private const string Columns = "source_code AS SourceCode, candidate_id AS CandidateId, score, note, entered_by AS EnteredBy, entered_at AS EnteredAt";

    private sealed record Row(string SourceCode, long CandidateId, decimal Score, string? Note, long? EnteredBy, DateTime EnteredAt)
    {
        public EnteredScoreView ToView() => new(SourceCode, CandidateId, Score, Note, EnteredBy, new DateTimeOffset(DateTime.SpecifyKind(EnteredAt, DateTimeKind.Utc)));
    }
}
