using System.Net;
using System.Text.Json;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Campaigns;

public sealed class PublicCampaignApiTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task TheCampaignShowsItsRulesCategoriesAndVotingState()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 3 });
        var body = await ProblemAssert.IsOkAsync<JsonElement>(await _client.GetAsync($"/api/v1/campaigns/{campaign.Id}"));
        Assert.Equal(campaign.Id, body.GetProperty("id").GetInt64());
        Assert.Equal(3, body.GetProperty("dailyVoteLimit").GetInt32());
        Assert.Equal("open", body.GetProperty("votingState").GetString());
        var category = Assert.Single(body.GetProperty("categories").EnumerateArray());
        Assert.Equal("unit", category.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task CandidatesAreListedByNumberInPagesWithoutWithdrawnOnesAndWithoutCountsWhenHidden()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec
        {
            Candidates = 5,
            CandidateStatus = new Dictionary<int, string> { [1] = "withdrawn" },
        });
        var page = await ProblemAssert.IsOkAsync<JsonElement>(await _client.GetAsync(
            $"/api/v1/campaigns/{campaign.Id}/candidates?categoryId={campaign.CategoryId}&page=2&pageSize=3"));
        Assert.Equal(4, page.GetProperty("total").GetInt32());
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("005", item.GetProperty("number").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("votes").ValueKind);
    }

    [Fact]
    public async Task TheRankingOrdersByLiveVotesWithSharedRanksForTies()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { Candidates = 3, ShowLiveCounts = true });
        var (a, b, c) = (campaign.CandidateIds[0], campaign.CandidateIds[1], campaign.CandidateIds[2]);
        foreach (var (voter, candidate) in new[] { ("r1", c), ("r2", c), ("r1", a), ("r3", b) })
        {
            Assert.Equal(HttpStatusCode.OK, (await factory.VoteAsync(_client, campaign.Id, candidate, factory.SessionFor(voter, campaign.Id))).StatusCode);
        }
        factory.Clock.Advance(TimeSpan.FromSeconds(2)); // past the 1 s totals cache
        var ranking = await ProblemAssert.IsOkAsync<JsonElement>(
            await _client.GetAsync($"/api/v1/campaigns/{campaign.Id}/ranking?categoryId={campaign.CategoryId}"));
        var rows = ranking.GetProperty("items").EnumerateArray()
            .Select(r => (r.GetProperty("candidateId").GetInt64(), r.GetProperty("votes").GetInt64(), r.GetProperty("rank").GetInt32()))
            .ToArray();
        Assert.Equal([(c, 2L, 1), (a, 1L, 2), (b, 1L, 2)], rows);
    }

    [Fact]
    public async Task TheRankingIsRefusedWhenTheCampaignHidesCounts()
    {
        var campaign = await factory.CreateCampaignAsync();
        await ProblemAssert.IsProblemAsync(
            await _client.GetAsync($"/api/v1/campaigns/{campaign.Id}/ranking?categoryId={campaign.CategoryId}"),
            HttpStatusCode.Forbidden, "live-counts-hidden");
    }

    [Fact]
    public async Task UnknownCampaignsCandidatesAndBadPagesAreClearErrors()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { CandidateStatus = new Dictionary<int, string> { [0] = "withdrawn" } });
        await ProblemAssert.IsProblemAsync(await _client.GetAsync("/api/v1/campaigns/987654321"), HttpStatusCode.NotFound, "campaign-not-found");
        await ProblemAssert.IsProblemAsync(
            await _client.GetAsync($"/api/v1/campaigns/{campaign.Id}/candidates/{campaign.CandidateIds[0]}"),
            HttpStatusCode.NotFound, "candidate-not-found");
        await ProblemAssert.IsProblemAsync(
            await _client.GetAsync($"/api/v1/campaigns/{campaign.Id}/candidates?pageSize=1000"),
            HttpStatusCode.BadRequest, "validation-failed");
    }
}
