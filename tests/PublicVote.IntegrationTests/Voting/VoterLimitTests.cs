using System.Net;
using System.Net.Http.Json;
using PublicVote.Api.Features.Voting;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Voting;

public sealed class VoterLimitTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task DailyLimitHoldsUnderFiftyParallelVotesFromOneVoter()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 5, Candidates = 50 });
        var session = factory.SessionFor("busy-voter", campaign.Id);
        var client = factory.CreateClient();

        var statuses = await Task.WhenAll(campaign.CandidateIds.Select(async id =>
        {
            using var response = await factory.VoteAsync(client, campaign.Id, id, session);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "daily-limit-reached");
            }
            return response.StatusCode;
        }));

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(45, statuses.Count(s => s == HttpStatusCode.Conflict));
        var me = await MyDayAsync(client, campaign.Id, session);
        Assert.Equal((5, 0, 5), (me.UsedToday, me.RemainingToday, me.VotedToday.Count));
    }

    [Fact]
    public async Task PerCandidateLimitHoldsUnderFiftyParallelVotesForOneCandidate()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 10, PerCandidateLimit = 2 });
        var session = factory.SessionFor("fan", campaign.Id);
        var client = factory.CreateClient();
        var star = campaign.CandidateIds[0];

        var statuses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var response = await factory.VoteAsync(client, campaign.Id, star, session);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict, "already-voted-for-candidate");
            }
            return response.StatusCode;
        }));

        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.OK));
        var me = await MyDayAsync(client, campaign.Id, session);
        Assert.Equal(new VotedCandidate(star, 2), Assert.Single(me.VotedToday));
        Assert.Equal(8, me.RemainingToday);
    }

    [Fact]
    public async Task TheNextLocalDayInShanghaiResetsTheLimits()
    {
        // 23:59:59 on 1 August in Shanghai is 15:59:59 UTC; the new day starts at 16:00 UTC.
        var lastSecond = new DateTimeOffset(2026, 8, 1, 15, 59, 59, TimeSpan.Zero);
        factory.Clock.Set(lastSecond);
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 1 });
        var session = factory.SessionFor("night-owl", campaign.Id, TimeSpan.FromDays(3));
        var client = factory.CreateClient();
        var (first, second) = (campaign.CandidateIds[0], campaign.CandidateIds[1]);

        var accepted = await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, first, session));
        Assert.Equal(new DateOnly(2026, 8, 1), accepted.Day);
        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(client, campaign.Id, second, session), HttpStatusCode.Conflict, "daily-limit-reached");

        factory.Clock.Set(lastSecond.AddSeconds(1));
        var nextDay = await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, first, session));
        Assert.Equal(new DateOnly(2026, 8, 2), nextDay.Day);
        Assert.Equal(0, nextDay.RemainingToday);
        var me = await MyDayAsync(client, campaign.Id, session);
        Assert.Equal((new DateOnly(2026, 8, 2), 1), (me.Day, me.UsedToday));
    }

    [Fact]
    public async Task CampaignTimeZoneDecidesTheDay()
    {
        // 16:30 UTC is already 2 August in Shanghai but still 1 August in London (BST, UTC+1).
        factory.Clock.Set(new DateTimeOffset(2026, 8, 1, 16, 30, 0, TimeSpan.Zero));
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { TimeZone = "Europe/London" });
        var receipt = await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(
            factory.CreateClient(), campaign.Id, campaign.CandidateIds[0], factory.SessionFor("abroad", campaign.Id)));
        Assert.Equal(new DateOnly(2026, 8, 1), receipt.Day);
    }

    [Fact]
    public async Task DayKeysExpireTwoDaysAfterTheLocalDayAndBucketsAfterTwoDays()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow); // 10:00 in Shanghai: 14 h left of the day
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 3 });
        var client = factory.CreateClient();
        var session = factory.SessionFor("ttl-voter", campaign.Id);
        await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[0], session));
        await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[1], session));

        var dayTtl = await factory.Redis.KeyTimeToLiveAsync(factory.Keys.VotesOfDay(campaign.Id, 0, 20260801));
        Assert.InRange(dayTtl!.Value, TimeSpan.FromHours(14 + 48) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(14 + 48));
        var minute = TestCampaigns.DefaultNow.ToUnixTimeSeconds() / 60;
        var bucket = factory.Keys.MinuteBucket(campaign.Id, 0, minute);
        Assert.InRange((await factory.Redis.KeyTimeToLiveAsync(bucket))!.Value, TimeSpan.FromDays(2), TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        Assert.Equal(1, (long)await factory.Redis.HashGetAsync(bucket, campaign.CandidateIds[1]));
    }

    private static async Task<MyDay> MyDayAsync(HttpClient client, long campaignId, string session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/campaigns/{campaignId}/me");
        request.Headers.Authorization = new("Bearer", session);
        using var response = await client.SendAsync(request);
        return (await response.Content.ReadFromJsonAsync<MyDay>())!;
    }
}
