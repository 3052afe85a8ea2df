using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.Api.Features.Voting;
using PublicVote.IntegrationTests.Infrastructure;
using PublicVote.IntegrationTests.Phases;

namespace PublicVote.IntegrationTests.Voting;

/// <summary>The Jingmen sample in its vote: 5 votes a day, 1 per candidate, and here a per-category daily limit.</summary>
public sealed class CategoryLimitTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task AVoterCannotGoOverTheCategoryLimitButMayVoteInAnotherCategory()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Vote, perCategoryPerDay: 2);
        var voter = factory.SessionFor("category-voter", campaign.Id);
        await VoteOkAsync(campaign.Id, campaign.Window[0], voter);
        await VoteOkAsync(campaign.Id, campaign.Window[1], voter);

        var problem = await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(_client, campaign.Id, campaign.Window[2], voter), HttpStatusCode.Conflict, "category-daily-limit-reached");

        Assert.Equal((3, campaign.WindowCategory), (problem.GetProperty("remainingToday").GetInt32(), problem.GetProperty("categoryId").GetInt64()));
        await VoteOkAsync(campaign.Id, campaign.Star[0], voter);
        var me = await MyDayAsync(campaign.Id, voter);
        Assert.Equal((3, 2, 2), (me.UsedToday, me.RemainingToday, me.PerCategoryDailyLimit));
        Assert.Equal([new CategoryUse(campaign.WindowCategory, 2, 0), new CategoryUse(campaign.StarCategory, 1, 1)], me.Categories);
    }

    [Fact]
    public async Task TwoParallelVotesCannotBothTakeTheLastSlotOfACategory()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Vote, perCategoryPerDay: 2);
        for (var i = 0; i < 20; i++)
        {
            var voter = factory.SessionFor($"racer-{i}", campaign.Id);
            await VoteOkAsync(campaign.Id, campaign.Window[0], voter);

            var answers = await Task.WhenAll(campaign.Window[1..].Select(async candidate =>
            {
                using var response = await factory.VoteAsync(_client, campaign.Id, candidate, voter);
                return response.StatusCode == HttpStatusCode.OK
                    ? "ok"
                    : (await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "category-daily-limit-reached")).GetProperty("type").GetString();
            }));

            Assert.Equal(1, answers.Count(a => a == "ok"));
            Assert.Equal(2, (await MyDayAsync(campaign.Id, voter)).Categories.Single(c => c.CategoryId == campaign.WindowCategory).UsedToday);
        }
        var burst = factory.SessionFor("burst", campaign.Id);
        var statuses = await Task.WhenAll(campaign.Star.Select(async candidate =>
        {
            using var response = await factory.VoteAsync(_client, campaign.Id, candidate, burst);
            return response.StatusCode;
        }));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task NoVotesLeftAtAllIsTheAnswerWhenTheDayAndTheCategoryAreBothUsedUp()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Vote, perCategoryPerDay: 3);
        var fourth = await AddCandidateAsync(campaign.Id, campaign.WindowCategory, "004");
        var voter = factory.SessionFor("all-in", campaign.Id);
        foreach (var candidate in campaign.Window.Concat(campaign.Star[..2]))
        {
            await VoteOkAsync(campaign.Id, candidate, voter);
        }
        await Eventually.HoldsAsync(async () => (await factory.VoteAsync(_client, campaign.Id, fourth, voter)).StatusCode != HttpStatusCode.NotFound,
            "the added candidate reaches the cache");

        await ProblemAssert.IsProblemAsync(await factory.VoteAsync(_client, campaign.Id, fourth, voter), HttpStatusCode.Conflict, "daily-limit-reached");
    }

    [Fact]
    public async Task ARetriedVoteCountsOnceAgainstItsCategoryAndTheLimitResetsNextDay()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Vote, perCategoryPerDay: 2);
        var voter = factory.SessionFor("retrier", campaign.Id);
        await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(_client, campaign.Id, campaign.Window[0], voter, "k-1"));
        var replay = await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(_client, campaign.Id, campaign.Window[0], voter, "k-1"));
        Assert.True(replay.Replayed);
        await VoteOkAsync(campaign.Id, campaign.Window[1], voter);
        await ProblemAssert.IsProblemAsync(await factory.VoteAsync(_client, campaign.Id, campaign.Window[2], voter), HttpStatusCode.Conflict, "category-daily-limit-reached");

        factory.Clock.Advance(TimeSpan.FromDays(1));
        voter = factory.SessionFor("retrier", campaign.Id); // sessions last hours

        await VoteOkAsync(campaign.Id, campaign.Window[2], voter);
        Assert.Equal(1, (await MyDayAsync(campaign.Id, voter)).Categories.Single(c => c.CategoryId == campaign.WindowCategory).UsedToday);
    }

    [Fact]
    public async Task WithoutALimitTheDayHashHoldsNoCategoryCountersAndMeStillCountsByCategory()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Vote);
        var voter = factory.SessionFor("unlimited", campaign.Id);
        foreach (var candidate in campaign.Window)
        {
            await VoteOkAsync(campaign.Id, candidate, voter);
        }

        var me = await MyDayAsync(campaign.Id, voter);

        Assert.Null(me.PerCategoryDailyLimit);
        Assert.Equal([new CategoryUse(campaign.WindowCategory, 3, null), new CategoryUse(campaign.StarCategory, 0, null)], me.Categories);
        var day = factory.Keys.VotesOfDay(campaign.Id, 0, Api.Features.Voting.LocalDay.Of(factory.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Key);
        Assert.Equal(1, await factory.Redis.HashLengthAsync(day));
    }

    private async Task VoteOkAsync(long campaignId, long candidateId, string session) =>
        await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(_client, campaignId, candidateId, session));

    private async Task<MyDay> MyDayAsync(long campaignId, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/campaigns/{campaignId}/me");
        request.Headers.Authorization = new("Bearer", session);
        return await ProblemAssert.IsOkAsync<MyDay>(await _client.SendAsync(request));
    }

    private async Task<long> AddCandidateAsync(long campaignId, long categoryId, string number)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        return await db.ExecuteScalarAsync<long>(
            "INSERT INTO candidates (campaign_id, category_id, number, name) VALUES (@campaignId, @categoryId, @number, '候选 新') RETURNING id",
            new { campaignId, categoryId, number });
    }
}
