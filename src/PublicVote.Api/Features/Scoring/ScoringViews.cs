using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Scoring;

public sealed record JudgeCandidate(long CandidateId, string Number, string Name, string? UnitName, long CategoryId, string CategoryCode, ScoreSheetView? Sheet);

/// <summary>What a judge scores: the rubric and the candidates of their categories, each with their own sheet if any.</summary>
public sealed record JudgeWorkload(long CampaignId, RubricDefinition Rubric, IReadOnlyList<string>? Categories, IReadOnlyList<JudgeCandidate> Candidates);

public sealed record JudgeProgress(long AccountId, string UserName, string DisplayName, IReadOnlyList<string>? Categories, int Assigned, int Submitted, int Drafts, int NotStarted);

public sealed record SheetState(long JudgeId, string Status);

public sealed record CandidateProgress(long CandidateId, string Number, string Name, string CategoryCode, int Judges, int Submitted, int Drafts, IReadOnlyList<SheetState> Sheets);

/// <summary>Who has scored what: per judge (assigned, submitted, drafts) and per candidate (which judges submitted).</summary>
public sealed record ScoringProgress(long CampaignId, IReadOnlyList<JudgeProgress> Judges, IReadOnlyList<CandidateProgress> Candidates);

internal static class ScoringViews
{
    public static async Task<Results<Ok<JudgeWorkload>, ProblemHttpResult>> MineAsync(long campaignId, HttpContext http, NpgsqlDataSource db)
    {
        var me = AdminUser.From(http.User)!;
        await using var connection = await db.OpenConnectionAsync();
        if (await ScoringApi.RubricOfAsync(connection, null, campaignId) is not { } rubric)
        {
            return Problems.Of(409, Problems.CampaignHasNoRubric, "This campaign has no judges' rubric.");
        }
        var (isJudge, categories) = await ScoreSheetRepository.AssignmentAsync(connection, null, campaignId, me.AccountId);
        if (!isJudge)
        {
            return Problems.Of(403, Problems.JudgeNotAssigned, "You are not a judge of this campaign.");
        }
        var sheets = (await ScoreSheetRepository.ForJudgeAsync(connection, campaignId, me.AccountId)).ToDictionary(s => s.CandidateId);
        var candidates = (await ScorableAsync(connection, campaignId))
            .Where(c => categories is null || categories.Contains(c.CategoryCode))
            .Select(c => new JudgeCandidate(c.Id, c.Number, c.Name, c.UnitName, c.CategoryId, c.CategoryCode, sheets.GetValueOrDefault(c.Id)))
            .ToArray();
        return TypedResults.Ok(new JudgeWorkload(campaignId, rubric, categories, candidates));
    }

    public static async Task<Ok<ScoringProgress>> ProgressAsync(long campaignId, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        var judges = (await connection.QueryAsync<JudgeRow>("""
            SELECT a.id AS AccountId, a.user_name AS UserName, a.display_name AS DisplayName, g.category_codes AS Categories
              FROM account_grants g JOIN accounts a ON a.id = g.account_id
             WHERE g.role = 'judge' AND g.campaign_id = @campaignId AND a.status = 'active'
             ORDER BY a.id
            """, new { campaignId })).AsList();
        var sheets = (await connection.QueryAsync<(long CandidateId, long JudgeId, string Status)>(
            "SELECT candidate_id, judge_id, status FROM score_sheets WHERE campaign_id = @campaignId ORDER BY candidate_id, judge_id",
            new { campaignId })).ToLookup(s => s.CandidateId);
        var candidates = await ScorableAsync(connection, campaignId);
        bool Judges(JudgeRow j, Candidate c) => j.Categories is null || j.Categories.Contains(c.CategoryCode);
        var perCandidate = candidates.Select(c =>
        {
            var states = sheets[c.Id].Select(s => new SheetState(s.JudgeId, s.Status)).ToArray();
            return new CandidateProgress(c.Id, c.Number, c.Name, c.CategoryCode, judges.Count(j => Judges(j, c)),
                states.Count(s => s.Status == SheetStatus.Submitted), states.Count(s => s.Status == SheetStatus.Draft), states);
        }).ToArray();
        var perJudge = judges.Select(j =>
        {
            var mine = candidates.Where(c => Judges(j, c)).Select(c => sheets[c.Id].FirstOrDefault(s => s.JudgeId == j.AccountId).Status).ToArray();
            var submitted = mine.Count(s => s == SheetStatus.Submitted);
            var drafts = mine.Count(s => s == SheetStatus.Draft);
            return new JudgeProgress(j.AccountId, j.UserName, j.DisplayName, j.Categories, mine.Length, submitted, drafts, mine.Length - submitted - drafts);
        }).ToArray();
        return TypedResults.Ok(new ScoringProgress(campaignId, perJudge, perCandidate));
    }

    /// <summary>The candidates judges score: approved and active, in number order.</summary>
    private static async Task<IReadOnlyList<Candidate>> ScorableAsync(NpgsqlConnection connection, long campaignId) =>
        (await connection.QueryAsync<Candidate>("""
            SELECT c.id, c.number, c.name, c.unit_name AS UnitName, c.category_id AS CategoryId, k.code AS CategoryCode
              FROM candidates c JOIN categories k ON k.id = c.category_id
             WHERE c.campaign_id = @campaignId AND c.review_status = 'approved' AND c.status = 'active'
             ORDER BY length(c.number), c.number
            """, new { campaignId })).AsList();

    private sealed record Candidate(long Id, string Number, string Name, string? UnitName, long CategoryId, string CategoryCode);

    // Properties, not a constructor: Dapper reports a text[] column as Array and would find no matching constructor.
    private sealed record JudgeRow
    {
        public long AccountId { get; init; }
        public string UserName { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string[]? Categories { get; init; }
    }
}
