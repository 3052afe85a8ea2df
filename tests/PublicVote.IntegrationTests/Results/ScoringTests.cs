using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Results;

/// <summary>Seed 002's rubric (后勤集团 houqin-2010): per-item limits, the bonus cap, the lock and its audited unlock, the veto.</summary>
public sealed class ScoringTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    /// <summary>A full sheet: the items add up to 80.5 + safety-10.</summary>
    private static Dictionary<string, decimal> Sheet(decimal safety10 = 9) => new()
    {
        ["ethics-1"] = 5, ["ethics-2"] = 4, ["norms-3"] = 5, ["norms-4"] = 4.5m, ["service-5"] = 9,
        ["service-6"] = 18, ["skills-7"] = 17, ["skills-8"] = 8, ["safety-9"] = 10, ["safety-10"] = safety10,
    };

    [Fact]
    public async Task OutOfRangeScoresAreRefusedWithAnErrorPerItemAndNothingIsStored()
    {
        var scenario = await HouqinAsync("houqin-range");
        var candidate = await scenario.CandidateAsync("post", "1", "食堂一号窗口");
        var (_, judge) = await scenario.JudgeAsync();

        var scores = Sheet();
        scores["ethics-1"] = 6;
        scores["service-6"] = 20.5m;
        scores["safety"] = 15;
        var problem = await ProblemAssert.IsProblemAsync(
            await scenario.ScoreAsync(judge, new { candidateId = candidate, scores, submit = true }), HttpStatusCode.BadRequest, "score-sheet-invalid");

        Assert.Equal(
        [
            ("safety", "'安全生产（安全生产无事故）' is scored through its sub-items (safety-9, safety-10)"),
            ("ethics-1", "'政治学习与思想素养' is scored 6: it must lie between 0 and 5"),
            ("service-6", "'业务与满意度' is scored 20.5: it must lie between 0 and 20"),
        ], problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("item").GetString(), e.GetProperty("message").GetString())));
        var flood = Enumerable.Range(0, 201).ToDictionary(i => $"x{i}", _ => 1m);
        await ProblemAssert.IsProblemAsync(await scenario.ScoreAsync(judge, new { candidateId = candidate, scores = flood }), HttpStatusCode.BadRequest, "validation-failed");
        await using var db = await factory.Db.OpenConnectionAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM score_sheets WHERE candidate_id = @candidate", new { candidate }));
    }

    [Fact]
    public async Task TheBonusCapsAtTenAndASubmittedSheetStaysLockedUntilAnAdminUnlocksIt()
    {
        var scenario = await HouqinAsync("houqin-lock");
        var candidate = await scenario.CandidateAsync("post", "1", "维修中心服务岗");
        var (judgeId, judge) = await scenario.JudgeAsync();
        using var organizer = await scenario.ClientAsync(Roles.Organizer);
        using var admin = await factory.AdminClientAsync(Roles.Admin);

        var saved = await ProblemAssert.IsOkAsync<JsonElement>(
            await scenario.ScoreAsync(judge, new { candidateId = candidate, scores = Sheet(), bonusOccurrences = 12, submit = true }));
        var sheet = saved.GetProperty("sheet");
        Assert.Equal(("submitted", 12, 10m, 99.5m), (sheet.GetProperty("status").GetString(), sheet.GetProperty("bonusOccurrences").GetInt32(),
            sheet.GetProperty("bonus").GetDecimal(), sheet.GetProperty("total").GetDecimal()));

        await ProblemAssert.IsProblemAsync(await scenario.ScoreAsync(judge, new { candidateId = candidate, scores = Sheet(1) }), HttpStatusCode.Conflict, "score-sheet-locked");
        var unlockUrl = $"/api/admin/campaigns/{scenario.CampaignId}/scores/{candidate}/judges/{judgeId}/unlock";
        await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(unlockUrl, new { reason = "x" }), HttpStatusCode.Forbidden, "admin-role-required");
        var unlocked = await ProblemAssert.IsOkAsync<JsonElement>(await admin.PostAsJsonAsync(unlockUrl, new { reason = "评委誊写错误，申请更正" }));
        Assert.Equal("draft", unlocked.GetProperty("status").GetString());
        var resaved = await ProblemAssert.IsOkAsync<JsonElement>(
            await scenario.ScoreAsync(judge, new { candidateId = candidate, scores = Sheet(1), bonusOccurrences = 3, submit = true }));
        Assert.Equal(84.5m, resaved.GetProperty("sheet").GetProperty("total").GetDecimal()); // 80.5 + 1 + 3

        var audit = await ProblemAssert.IsOkAsync<JsonElement>(await admin.GetAsync($"/api/admin/audit?campaignId={scenario.CampaignId}"));
        Assert.Equal(["score-sheet.submit", "score-sheet.unlock", "score-sheet.submit"],
            audit.GetProperty("items").EnumerateArray().Reverse().Select(i => i.GetProperty("action").GetString()));
        var unlock = audit.GetProperty("items")[1];
        Assert.Equal("评委誊写错误，申请更正", unlock.GetProperty("after").GetProperty("reason").GetString());
        Assert.Equal("submitted", unlock.GetProperty("before").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ASubmittedVetoDisqualifiesTheCandidateButADraftDoesNot()
    {
        var scenario = await HouqinAsync("houqin-veto");
        var candidate = await scenario.CandidateAsync("model", "7", "赵师傅");
        var (_, first) = await scenario.JudgeAsync();
        var (_, second) = await scenario.JudgeAsync("model");
        using var organizer = await scenario.ClientAsync(Roles.Organizer);

        var draft = await ProblemAssert.IsOkAsync<JsonElement>(await scenario.ScoreAsync(first,
            new { candidateId = candidate, scores = Sheet(), vetoCode = "safety-accident" }));
        Assert.False(draft.GetProperty("candidateDisqualified").GetBoolean());
        var submitted = await ProblemAssert.IsOkAsync<JsonElement>(await scenario.ScoreAsync(first,
            new { candidateId = candidate, scores = Sheet(), vetoCode = "safety-accident", vetoNote = "2011年5月锅炉房烫伤事故", submit = true }));

        Assert.True(submitted.GetProperty("candidateDisqualified").GetBoolean());
        await using var db = await factory.Db.OpenConnectionAsync();
        var (status, reason) = await db.QuerySingleAsync<(string, string)>("SELECT status, status_reason FROM candidates WHERE id = @candidate", new { candidate });
        Assert.Equal("disqualified", status);
        Assert.StartsWith("一票否决：安全责任事故（评委 ", reason, StringComparison.Ordinal);
        Assert.EndsWith("提交评分时认定：2011年5月锅炉房烫伤事故）", reason, StringComparison.Ordinal);
        Assert.Equal(1, await db.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM audit_log WHERE action = 'candidate.disqualify' AND target_id = @id", new { id = candidate.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        await ProblemAssert.IsProblemAsync(await scenario.ScoreAsync(second, new { candidateId = candidate, scores = Sheet() }), HttpStatusCode.Conflict, "candidate-not-scorable");
        var excluded = (await scenario.ResultsAsync(organizer)).GetProperty("computed").GetProperty("categories")[1].GetProperty("excluded")[0];
        Assert.Equal(reason, excluded.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task JudgesScoreOnlyTheirCampaignAndCategories()
    {
        var scenario = await HouqinAsync("houqin-assign");
        var post = await scenario.CandidateAsync("post", "1", "收发室");
        var (_, modelJudge) = await scenario.JudgeAsync("model");
        using var admin = await factory.AdminClientAsync(Roles.Admin);

        var wrongCategory = await ProblemAssert.IsProblemAsync(await scenario.ScoreAsync(modelJudge, new { candidateId = post, scores = Sheet() }),
            HttpStatusCode.Forbidden, "judge-not-assigned");
        Assert.Contains("'post'", wrongCategory.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await scenario.ScoreAsync(admin, new { candidateId = post, scores = Sheet() }), HttpStatusCode.Forbidden, "judge-not-assigned");
        await ProblemAssert.IsProblemAsync(await scenario.ScoreAsync(modelJudge, new { candidateId = 999999, scores = Sheet() }), HttpStatusCode.NotFound, "candidate-not-found");
        var mine = await ProblemAssert.IsOkAsync<JsonElement>(await modelJudge.GetAsync($"/api/admin/campaigns/{scenario.CampaignId}/scores/mine"));
        Assert.Equal(0, mine.GetProperty("candidates").GetArrayLength());
        Assert.Equal(100, mine.GetProperty("rubric").GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task TrimmedMeanDropsTheHighestAndLowestOfSixJudgesButNotOfFour()
    {
        var scenario = await HouqinAsync("houqin-trim", json => json["rubric"]!["aggregation"] = "trimmedMean");
        var six = await scenario.CandidateAsync("post", "1", "图书馆借阅台");
        var four = await scenario.CandidateAsync("post", "2", "校医院挂号处");
        using var organizer = await scenario.ClientAsync(Roles.Organizer);
        // (safety-10, bonus occurrences) per judge; total = 80.5 + safety-10 + bonus
        (decimal S, int B)[] sixJudges = [(9, 0), (10, 2), (0, 0), (10, 10), (5, 3), (7, 1)]; // 89.5 92.5 80.5 100.5 88.5 88.5
        (decimal S, int B)[] fourJudges = [(8, 0), (6, 0), (10, 5), (1, 0)];                // 88.5 86.5 95.5 81.5
        var judges = new List<HttpClient>();
        for (var j = 0; j < 6; j++)
        {
            var (_, client) = await scenario.JudgeAsync();
            judges.Add(client);
            await ProblemAssert.IsOkAsync<JsonElement>(await scenario.ScoreAsync(client,
                new { candidateId = six, scores = Sheet(sixJudges[j].S), bonusOccurrences = sixJudges[j].B, submit = true }));
            if (j < 4)
            {
                await ProblemAssert.IsOkAsync<JsonElement>(await scenario.ScoreAsync(client,
                    new { candidateId = four, scores = Sheet(fourJudges[j].S), bonusOccurrences = fourJudges[j].B, submit = true }));
            }
        }

        var lines = (await scenario.ResultsAsync(organizer)).GetProperty("computed").GetProperty("categories")[0].GetProperty("lines");

        // six: drop 80.5 and 100.5 → (89.5 + 92.5 + 88.5 + 88.5) / 4 = 359 / 4 = 89.75; the rubric is 100 % of the score
        Assert.Equal((89.75m, 89.75m, 1), (lines[0].GetProperty("judgeAggregate").GetDecimal(), lines[0].GetProperty("total").GetDecimal(), lines[0].GetProperty("rank").GetInt32()));
        Assert.Equal([false, false, true, true, false, false], lines[0].GetProperty("judges").EnumerateArray().Select(j => j.GetProperty("dropped").GetBoolean()));
        // four: fewer than five judges → plain mean (88.5 + 86.5 + 95.5 + 81.5) / 4 = 352 / 4 = 88.00
        Assert.Equal((88.00m, 2), (lines[1].GetProperty("judgeAggregate").GetDecimal(), lines[1].GetProperty("rank").GetInt32()));
        Assert.DoesNotContain(lines[1].GetProperty("judges").EnumerateArray(), j => j.GetProperty("dropped").GetBoolean());
        Assert.Equal("本类别未设表彰名额", lines[0].GetProperty("notAwardedReason").GetString());
        Assert.Contains("去掉一个最高分和一个最低分后平均 89.75", lines[0].GetProperty("explanation").GetString(), StringComparison.Ordinal);

        var progress = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync($"/api/admin/campaigns/{scenario.CampaignId}/scores/progress"));
        Assert.Equal([(2, 2), (2, 2), (2, 2), (2, 2), (2, 1), (2, 1)], progress.GetProperty("judges").EnumerateArray()
            .Select(j => (j.GetProperty("assigned").GetInt32(), j.GetProperty("submitted").GetInt32())));
        Assert.Equal([6, 4], progress.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("submitted").GetInt32()));
        judges.ForEach(j => j.Dispose());
    }

    [Fact]
    public async Task EnteredScoresCountWithTheirWeight()
    {
        // Seed 001 (紫阳): 领导点评 33 + 职工互评 33 entered by organizers, 群众测评 34 as the public vote
        var scenario = await ResultsScenario.ImportAsync(factory, "ziyang-2011.json", "ziyang-entered");
        var sources = await SourcesAsync(scenario.CampaignId);
        var candidate = await scenario.CandidateAsync(await FirstCategoryAsync(scenario.CampaignId), "1", "县供电公司营业厅");
        await scenario.VotesAsync(candidate, 40);
        using var organizer = await scenario.ClientAsync(Roles.Organizer);
        var url = $"/api/admin/campaigns/{scenario.CampaignId}/entered-scores";

        await ProblemAssert.IsProblemAsync(await organizer.PutAsJsonAsync(url, new { sourceCode = sources["publicVote"], candidateId = candidate, score = 90 }),
            HttpStatusCode.BadRequest, "validation-failed");
        var incomplete = (await scenario.ResultsAsync(organizer)).GetProperty("computed");
        Assert.False(incomplete.GetProperty("complete").GetBoolean());
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PutAsJsonAsync(url, new { sourceCode = sources["entered:0"], candidateId = candidate, score = 90 }));
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PutAsJsonAsync(url, new { sourceCode = sources["entered:1"], candidateId = candidate, score = 85.5 }));

        var line = (await scenario.ResultsAsync(organizer)).GetProperty("computed").GetProperty("categories")[0].GetProperty("lines")[0];

        // 90 × 33 / 100 = 29.70; 85.5 × 33 / 100 = 28.215 → 28.22; votes 40 / 40 × 34 = 34.00; total 91.92
        Assert.Equal([29.70m, 28.22m], line.GetProperty("entered").EnumerateArray().Select(e => e.GetProperty("weighted").GetDecimal()));
        Assert.Equal((34.00m, 91.92m), (line.GetProperty("voteScore").GetDecimal(), line.GetProperty("total").GetDecimal()));
    }

    private Task<ResultsScenario> HouqinAsync(string slug, Action<System.Text.Json.Nodes.JsonNode>? edit = null) =>
        ResultsScenario.ImportAsync(factory, "houqin-2010-rubric.json", slug, edit);

    private async Task<Dictionary<string, string>> SourcesAsync(long campaignId)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        var rows = (await db.QueryAsync<(string Code, string Kind)>("SELECT code, kind FROM score_sources WHERE campaign_id = @campaignId ORDER BY position", new { campaignId })).ToArray();
        var entered = rows.Where(r => r.Kind == "entered").Select((r, i) => ($"entered:{i}", r.Code));
        return rows.Where(r => r.Kind != "entered").Select(r => (r.Kind, r.Code)).Concat(entered).ToDictionary(p => p.Item1, p => p.Item2);
    }

    private async Task<string> FirstCategoryAsync(long campaignId)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        return await db.ExecuteScalarAsync<string>("SELECT code FROM categories WHERE campaign_id = @campaignId ORDER BY sort_order LIMIT 1", new { campaignId }) ?? "";
    }
}
