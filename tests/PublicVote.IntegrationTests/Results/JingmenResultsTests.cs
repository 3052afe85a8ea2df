using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Results;

/// <summary>
/// Seed 004 (荆门 2019) end to end: candidates in four districts, vote rows as flushed, five judges → a result whose
/// every number is checked against the table below, worked out by hand (60 % votes ÷ category top, 40 % judges' mean
/// ÷ 100; 名额分配表 市直 9, 东宝区 5, 高新区·掇刀区 5, 漳河新区 1 per category).
/// </summary>
public sealed class JingmenResultsTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private sealed record Expected(
        string Number, long Votes, decimal VoteScore, decimal[] Judges, decimal Aggregate, decimal JudgeScore, decimal Total, int Rank, bool Awarded);

    // 优质服务窗口: top 1500. 003 (漳河新区, 78.00) is cut off by its district's single place, held by 002, while 004
    // (62.00) and 006 (40.80) of other districts are awarded. 005 is disqualified; its 2000 votes do not set the top.
    private static readonly Expected[] Windows =
    [
        new("001", 1500, 60.00m, [80, 82, 84, 86, 88], 84.00m, 33.60m, 93.60m, 1, true),   // 1500/1500×60; 420/5=84 → ×0.4
        new("002", 1200, 48.00m, [90, 90, 90, 90, 90], 90.00m, 36.00m, 84.00m, 2, true),   // 1190 counted + 10 restored
        new("003", 1100, 44.00m, [85, 85, 85, 85, 85], 85.00m, 34.00m, 78.00m, 3, false),
        new("004", 600, 24.00m, [95, 95, 95, 95, 95], 95.00m, 38.00m, 62.00m, 4, true),     // + 50 pending votes, not counted
        new("006", 300, 12.00m, [70, 71, 72, 73, 74], 72.00m, 28.80m, 40.80m, 5, true),
    ];

    // 优质服务明星: top 1234. 102 and 103 tie on 80.62 (48.62 + 32.00 = 43.76 + 36.86); 103 ranks first on the judges' share.
    private static readonly Expected[] Stars =
    [
        new("101", 1234, 60.00m, [88, 86, 90, 87, 89], 88.00m, 35.20m, 95.20m, 1, true),   // + 100 voided votes, not counted
        new("103", 900, 43.76m, [92, 92, 92.25m, 92.5m, 92], 92.15m, 36.86m, 80.62m, 2, true), // 54000/1234 = 43.7601…; 460.75/5
        new("102", 1000, 48.62m, [80, 80, 80, 80, 80], 80.00m, 32.00m, 80.62m, 3, true),    // 60000/1234 = 48.6223…
        new("105", 617, 30.00m, [75, 75, 75, 75, 76], 75.20m, 30.08m, 60.08m, 4, true),     // 617/1234×60 = 30; 376/5
        new("104", 50, 2.43m, [60, 65, 70, 75, 80], 70.00m, 28.00m, 30.43m, 5, true),       // 3000/1234 = 2.4311…
    ];

    [Fact]
    public async Task TheResultTableMatchesTheHandComputedOne()
    {
        var (scenario, ids) = await BuildAsync("jingmen-e2e");
        using var organizer = await scenario.ClientAsync(Roles.Organizer);

        var body = await scenario.ResultsAsync(organizer);
        var computed = body.GetProperty("computed");

        Assert.True(computed.GetProperty("complete").GetBoolean(), computed.GetProperty("warnings").ToString());
        var categories = computed.GetProperty("categories").EnumerateArray().ToArray();
        Assert.Equal(["window", "star"], categories.Select(c => c.GetProperty("code").GetString()));
        AssertLines(Windows, categories[0], 1500);
        AssertLines(Stars, categories[1], 1234);

        var window = categories[0];
        var cutOff = Line(window, "003");
        Assert.Equal("漳河新区表彰名额 1 个已由本类第 2 名占用（名额不调剂给其他推荐单位）", cutOff.GetProperty("notAwardedReason").GetString());
        Assert.Equal(4, window.GetProperty("awarded").GetInt32());
        Assert.Equal([("市直", 9, 2, 7), ("东宝区", 5, 1, 4), ("荆门高新区·掇刀区", 5, 0, 5), ("漳河新区", 1, 1, 0)],
            window.GetProperty("districts").EnumerateArray().Select(d => (d.GetProperty("name").GetString(), d.GetProperty("quota").GetInt32(),
                d.GetProperty("awarded").GetInt32(), d.GetProperty("unused").GetInt32())));
        var excluded = Assert.Single(window.GetProperty("excluded").EnumerateArray());
        Assert.Equal(("005", "disqualified", "弄虚作假：组织刷票", 2000L), (excluded.GetProperty("number").GetString(),
            excluded.GetProperty("status").GetString(), excluded.GetProperty("reason").GetString(), excluded.GetProperty("votes").GetInt64()));

        var tie = Line(categories[1], "102");
        Assert.Equal(["103"], tie.GetProperty("tiedWith").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("nonVoteScore", tie.GetProperty("tieBrokenBy").GetString());
        Assert.Equal("得票 1000（本类最高 1234），投票分 = 1000 ÷ 1234 × 60 = 48.62；评委 5 人打分 80.00、80.00、80.00、80.00、80.00，平均 80.00，"
            + "评委打分 = 80.00 ÷ 100 × 40 = 32.00；总分 80.62，本类第 3 名（与 103 总分相同，投票以外的得分（评委、录入分）高者在前）；拟表彰。",
            tie.GetProperty("explanation").GetString());
        Assert.Equal(ids["001"], Line(window, "001").GetProperty("candidateId").GetInt64());
    }

    [Fact]
    public async Task TheSameStoredInputsGiveTheSameResultAndTheAuditExportHashesToIt()
    {
        var (scenario, _) = await BuildAsync("jingmen-audit");
        using var organizer = await scenario.ClientAsync(Roles.Organizer);

        var first = (await scenario.ResultsAsync(organizer)).GetProperty("computed").GetRawText();
        var second = (await scenario.ResultsAsync(organizer)).GetProperty("computed").GetRawText();
        var audit = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync($"/api/admin/campaigns/{scenario.CampaignId}/results/audit"));

        Assert.Equal(first, second);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(audit.GetProperty("inputs").GetRawText())));
        Assert.Equal(hash, audit.GetProperty("inputsSha256").GetString());
        Assert.Equal(hash, JsonDocument.Parse(first).RootElement.GetProperty("inputsSha256").GetString());
        Assert.Equal(55, audit.GetProperty("inputs").GetProperty("sheets").GetArrayLength()); // 5 judges × 11 candidates, submitted; not the draft
    }

    [Fact]
    public async Task ThePublicSeesTheNoticeWithPhotosOnlyInTheResultsPhases()
    {
        var (scenario, ids) = await BuildAsync("jingmen-public");
        using var organizer = await scenario.ClientAsync(Roles.Organizer);
        using var anonymous = factory.CreateClient();
        var url = $"/api/v1/campaigns/{scenario.CampaignId}/results";
        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            await db.ExecuteAsync("""
                INSERT INTO candidate_photos (candidate_id, position, sha256, content_type, bytes, width, height, thumb_sha256)
                VALUES (@id, 1, repeat('b', 64), 'image/jpeg', 9000, 800, 600, repeat('c', 64)),
                       (@id, 0, repeat('a', 64), 'image/jpeg', 9000, 800, 600, repeat('d', 64))
                """, new { id = ids["101"] });
        }
        try
        {
            factory.Clock.Set(new DateTimeOffset(2019, 8, 1, 12, 0, 0, TimeSpan.FromHours(8)));
            await ProblemAssert.IsStatusAsync<JsonElement>(
                await organizer.PostAsJsonAsync($"/api/admin/campaigns/{scenario.CampaignId}/results/publications", new { stage = "notice" }), HttpStatusCode.Created);
            await ProblemAssert.IsProblemAsync(await anonymous.GetAsync(url), HttpStatusCode.NotFound, "results-not-published");

            factory.Clock.Set(new DateTimeOffset(2019, 8, 22, 9, 0, 0, TimeSpan.FromHours(8)));
            var page = await ProblemAssert.IsOkAsync<JsonElement>(await anonymous.GetAsync(url));

            Assert.Equal("notice", page.GetProperty("stage").GetString());
            Assert.Equal(new DateTimeOffset(2019, 8, 1, 4, 0, 0, TimeSpan.Zero), page.GetProperty("publishedAt").GetDateTimeOffset());
            var stars = page.GetProperty("categories")[1];
            Assert.Equal("优质服务明星", stars.GetProperty("name").GetString());
            Assert.Equal(Stars.Select(s => (s.Number, s.Total, s.Rank, s.Awarded)), stars.GetProperty("entries").EnumerateArray().Select(e =>
                (e.GetProperty("number").GetString()!, e.GetProperty("total").GetDecimal(), e.GetProperty("rank").GetInt32(), e.GetProperty("awarded").GetBoolean())));
            var first = stars.GetProperty("entries")[0];
            Assert.Equal("/media/" + new string('d', 64) + ".jpg", first.GetProperty("thumbUrl").GetString());
            Assert.Equal(JsonValueKind.Null, stars.GetProperty("entries")[1].GetProperty("thumbUrl").ValueKind);
            Assert.DoesNotContain(page.GetProperty("categories")[0].GetProperty("entries").EnumerateArray(), e => e.GetProperty("number").GetString() == "005");
            Assert.False(first.TryGetProperty("explanation", out _), "the public page carries no judges' details");
        }
        finally
        {
            factory.Clock.Set(TestCampaigns.DefaultNow);
        }
    }

    private async Task<(ResultsScenario Scenario, Dictionary<string, long> Ids)> BuildAsync(string slug)
    {
        var scenario = await ResultsScenario.ImportAsync(factory, "jingmen-2019.json", slug);
        var ids = new Dictionary<string, long>
        {
            ["001"] = await scenario.CandidateAsync("window", "001", "荆门市民之家服务窗口", "city"),
            ["002"] = await scenario.CandidateAsync("window", "002", "漳河新区政务服务中心", "zhanghe"),
            ["003"] = await scenario.CandidateAsync("window", "003", "漳河新区供电营业厅", "zhanghe"),
            ["004"] = await scenario.CandidateAsync("window", "004", "东宝区不动产登记窗口", "dongbao"),
            ["005"] = await scenario.CandidateAsync("window", "005", "掇刀区税务大厅", "gaoxin-duodao"),
            ["006"] = await scenario.CandidateAsync("window", "006", "市公积金中心窗口", "city"),
            ["101"] = await scenario.CandidateAsync("star", "101", "王芳", "city", "市人民医院"),
            ["102"] = await scenario.CandidateAsync("star", "102", "李强", "dongbao", "东宝区行政审批局"),
            ["103"] = await scenario.CandidateAsync("star", "103", "张敏", "gaoxin-duodao", "掇刀区人社局"),
            ["104"] = await scenario.CandidateAsync("star", "104", "刘洋", "zhanghe", "漳河新区自来水公司"),
            ["105"] = await scenario.CandidateAsync("star", "105", "陈静", "city", "市公交集团"),
        };
        await scenario.VotesAsync(ids["002"], 10, "restored");
        await scenario.VotesAsync(ids["004"], 50, "pending");
        await scenario.VotesAsync(ids["005"], 2000);
        await scenario.VotesAsync(ids["101"], 100, "voided");
        foreach (var line in Windows.Concat(Stars))
        {
            await scenario.VotesAsync(ids[line.Number], (int)line.Votes - (line.Number == "002" ? 10 : 0));
        }
        var judges = new List<HttpClient>();
        for (var j = 0; j < 5; j++)
        {
            judges.Add((await scenario.JudgeAsync()).Client);
        }
        foreach (var line in Windows.Concat(Stars))
        {
            for (var j = 0; j < 5; j++)
            {
                await scenario.SubmitOverallAsync(judges[j], ids[line.Number], line.Judges[j]);
            }
        }
        for (var j = 0; j < 5; j++)
        {
            await scenario.SubmitOverallAsync(judges[j], ids["005"], 99);
        }
        // A sixth judge's draft does not count.
        var (_, drafting) = await scenario.JudgeAsync();
        await ProblemAssert.IsOkAsync<JsonElement>(await scenario.ScoreAsync(drafting, new { candidateId = ids["101"], scores = new { overall = 0 } }));
        await scenario.DisqualifyAsync(ids["005"], "弄虚作假：组织刷票");
        judges.ForEach(j => j.Dispose());
        drafting.Dispose();
        return (scenario, ids);
    }

    private static void AssertLines(Expected[] expected, JsonElement category, long top)
    {
        Assert.Equal(top, category.GetProperty("topVotes").GetInt64());
        var lines = category.GetProperty("lines").EnumerateArray().ToArray();
        Assert.Equal(expected.Select(e => e.Number), lines.Select(l => l.GetProperty("number").GetString()));
        foreach (var (e, l) in expected.Zip(lines))
        {
            var judges = l.GetProperty("judges").EnumerateArray().Select(j => j.GetProperty("total").GetDecimal()).ToArray();
            Assert.True(e.Judges.SequenceEqual(judges), $"{e.Number}: judges {string.Join(",", judges)}");
            Assert.Equal(
                (e.Number, e.Votes, e.VoteScore, e.Aggregate, e.JudgeScore, e.Total, e.Rank, e.Awarded),
                (e.Number, l.GetProperty("votes").GetInt64(), l.GetProperty("voteScore").GetDecimal(), l.GetProperty("judgeAggregate").GetDecimal(),
                    l.GetProperty("judgeScore").GetDecimal(), l.GetProperty("total").GetDecimal(), l.GetProperty("rank").GetInt32(), l.GetProperty("awarded").GetBoolean()));
            Assert.Equal(e.Awarded, l.GetProperty("notAwardedReason").ValueKind == JsonValueKind.Null);
            Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"总分 {e.Total:0.00}，本类第 {e.Rank} 名"), l.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        }
    }

    private static JsonElement Line(JsonElement category, string number) =>
        category.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("number").GetString() == number);
}
