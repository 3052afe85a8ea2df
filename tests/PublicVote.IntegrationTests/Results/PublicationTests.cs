using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Results;

/// <summary>A published result is frozen: changed inputs reach the public only through an audited re-publication with a reason.</summary>
public sealed class PublicationTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task APublishedResultCannotChangeWithoutAnAuditedRepublication()
    {
        var scenario = await ResultsScenario.ImportAsync(factory, "jingmen-2019.json", "jingmen-freeze");
        var a = await scenario.CandidateAsync("window", "1", "甲窗口", "city");
        var b = await scenario.CandidateAsync("window", "2", "乙窗口", "city");
        await scenario.VotesAsync(a, 300);
        await scenario.VotesAsync(b, 200);
        var (_, judge) = await scenario.JudgeAsync();
        using var organizer = await scenario.ClientAsync(Roles.Organizer);
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        using var anonymous = factory.CreateClient();
        var publish = $"/api/admin/campaigns/{scenario.CampaignId}/results/publications";
        var publicUrl = $"/api/v1/campaigns/{scenario.CampaignId}/results";
        await scenario.SubmitOverallAsync(judge, a, 80);

        await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(publish, new { stage = "final" }), HttpStatusCode.Conflict, "publication-stage-invalid");
        var incomplete = await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(publish, new { stage = "notice" }), HttpStatusCode.Conflict, "results-incomplete");
        Assert.Contains("乙窗口", incomplete.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
        await scenario.SubmitOverallAsync(judge, b, 90);

        // v1 notice, then v2 final: nothing changed in between, so no reason is needed.
        var v1 = await ProblemAssert.IsStatusAsync<JsonElement>(await organizer.PostAsJsonAsync(publish, new { stage = "notice" }), HttpStatusCode.Created);
        var v2 = await ProblemAssert.IsStatusAsync<JsonElement>(await organizer.PostAsJsonAsync(publish, new { stage = "final" }), HttpStatusCode.Created);
        Assert.Equal((1, 2), (v1.GetProperty("version").GetInt32(), v2.GetProperty("version").GetInt32()));
        // a: 60 + 32 = 92.00; b: 200/300 × 60 = 40 + 36 = 76.00
        Assert.Equal([("1", 92.00m), ("2", 76.00m)], await PublicTotalsAsync(anonymous, publicUrl, "final"));

        // New votes for b: 700 in all → b: 60 + 36 = 96.00, a: 300/700 × 60 = 25.714… → 25.71 + 32 = 57.71.
        await scenario.VotesAsync(b, 500);
        factory.Clock.Advance(TimeSpan.FromSeconds(10)); // past the public page's 5-second cache
        Assert.Equal([("1", 92.00m), ("2", 76.00m)], await PublicTotalsAsync(anonymous, publicUrl, "final"));
        var live = await scenario.ResultsAsync(organizer);
        Assert.True(live.GetProperty("changedSinceLatest").GetBoolean());
        Assert.Equal(2, live.GetProperty("latest").GetProperty("version").GetInt32());
        await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(publish, new { stage = "final" }), HttpStatusCode.Conflict, "republication-reason-required");
        await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(publish, new { stage = "notice", reason = "x" }), HttpStatusCode.Conflict, "publication-stage-invalid");
        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(
                "UPDATE result_publications SET reason = 'quietly' WHERE campaign_id = @CampaignId", new { scenario.CampaignId }));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }

        var v3 = await ProblemAssert.IsStatusAsync<JsonElement>(
            await organizer.PostAsJsonAsync(publish, new { stage = "final", reason = "异议核实：乙窗口补录纸质选票 500 张" }), HttpStatusCode.Created);

        Assert.Equal(3, v3.GetProperty("version").GetInt32());
        Assert.Equal([("2", 96.00m), ("1", 57.71m)], await PublicTotalsAsync(anonymous, publicUrl, "final"));
        var audit = await ProblemAssert.IsOkAsync<JsonElement>(await admin.GetAsync($"/api/admin/audit?campaignId={scenario.CampaignId}&action=results.republish"));
        var entry = Assert.Single(audit.GetProperty("items").EnumerateArray());
        Assert.Equal("异议核实：乙窗口补录纸质选票 500 张", entry.GetProperty("after").GetProperty("reason").GetString());
        Assert.Equal(2, entry.GetProperty("before").GetProperty("version").GetInt32());
        var versions = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync(publish));
        Assert.Equal(["notice", "final", "final"], versions.EnumerateArray().Select(v => v.GetProperty("stage").GetString()));
        var frozen = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync(publish + "/2"));
        Assert.Equal(76.00m, frozen.GetProperty("result").GetProperty("categories")[0].GetProperty("lines")[1].GetProperty("total").GetDecimal());
        judge.Dispose();
    }

    private static async Task<(string, decimal)[]> PublicTotalsAsync(HttpClient client, string url, string stage)
    {
        var page = await ProblemAssert.IsOkAsync<JsonElement>(await client.GetAsync(url));
        Assert.Equal(stage, page.GetProperty("stage").GetString());
        return page.GetProperty("categories")[0].GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("number").GetString()!, e.GetProperty("total").GetDecimal())).ToArray();
    }
}
