using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.AntiFraud.Cases;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.AntiFraud.Review;
using PublicVote.Api.Features.AntiFraud.Surge;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.AntiFraud.AntiFraudTestKit;

namespace PublicVote.IntegrationTests.AntiFraud;

/// <summary>Issue 8 item 2: surge mode holds risky votes pending (kept, not in the tally) instead of rejecting them.</summary>
public sealed class SurgeModeTests(AntiFraudFactory factory) : IClassFixture<AntiFraudFactory>
{
    [Fact]
    public async Task UnderSurgeModeRiskyVotesAreAcceptedButHeldOutOfTheTallyUntilAReviewerDecides()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { ShowLiveCounts = true });
        var (target, calm) = (campaign.CandidateIds[0], campaign.CandidateIds[1]);
        var now = TestCampaigns.DefaultNow;
        factory.Clock.Set(now);
        await SurgeAsync(campaign.Id, target, now);
        await factory.Redis.HashSetAsync(factory.Keys.FirstSeen(campaign.Id, 0), "regular", now.AddDays(-20).ToUnixTimeMilliseconds());
        var token = await VoteTokenAsync(factory, campaign.Id, target, "newcomer");
        factory.Clock.Advance(TimeSpan.FromSeconds(20));

        // fresh + no token: 2 risk points, held. Fresh with a 20 s dwell, or returning without a token: 1 point, counted.
        foreach (var (candidate, voter, voteToken) in new[] { (target, "farm-1", null), (target, "newcomer", token), (target, "regular", null), (calm, "farm-2", null) })
        {
            Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, candidate, voter, "203.0.113.1", voteToken: voteToken)).Response.StatusCode);
        }
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        var live = await TotalOfAsync(factory, organizer, campaign.Id, target);
        Assert.Equal((2, 1), (live.Votes, live.PendingReview));
        Assert.Equal((1, 0), ((await TotalOfAsync(factory, organizer, campaign.Id, calm)).Votes, (await TotalOfAsync(factory, organizer, campaign.Id, calm)).PendingReview));
        Assert.Equal("pending", Assert.Single(await StoredVotesAsync(factory, campaign.Id, "farm-1")).Status);
        Assert.Equal("counted", Assert.Single(await StoredVotesAsync(factory, campaign.Id, "newcomer")).Status);
        Assert.Equal((2L, 1L), await FlushedAsync(campaign.Id, target));

        await factory.ScanAsync();
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        var held = Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items);
        Assert.Equal(("surge", target, new VoteStatusCounts(0, 1, 0, 0)), (held.Detector, held.CandidateId, held.Votes));

        var dismissed = await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, held.Id, "dismiss", "核实为真实选民"));
        Assert.Equal((1L, new VoteStatusCounts(0, 0, 0, 1)), (dismissed.Changed, dismissed.Votes));
        live = await TotalOfAsync(factory, organizer, campaign.Id, target);
        Assert.Equal((3, 0, 3), (live.Votes, live.PendingReview, live.FlushedVotes));
        Assert.Equal((3L, 0L), await FlushedAsync(campaign.Id, target));

        factory.Clock.Set(now.AddMinutes(11)); // the flag has expired
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, target, "farm-3", "203.0.113.1")).Response.StatusCode);
        Assert.Equal("counted", Assert.Single(await StoredVotesAsync(factory, campaign.Id, "farm-3")).Status);
    }

    [Fact]
    public async Task VoidingAHeldVoteTakesItOutOfThePendingCountWithoutTouchingTheTally()
    {
        var campaign = await factory.CreateCampaignAsync();
        var target = campaign.CandidateIds[2];
        var now = TestCampaigns.DefaultNow;
        factory.Clock.Set(now);
        await SurgeAsync(campaign.Id, target, now);
        await CastAsync(factory, campaign.Id, target, Voters("held-", 3));
        await factory.DrainAsync();
        await factory.ScanAsync();
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        var held = Assert.Single((await CasesAsync(reviewer, campaign.Id)).Items);
        Assert.Equal(new VoteStatusCounts(0, 3, 0, 0), held.Votes);
        await ProblemAssert.IsOkAsync<CaseActionResult>(await ActAsync(reviewer, campaign.Id, held.Id, "void", "刷票"));
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        var live = await TotalOfAsync(factory, organizer, campaign.Id, target);
        Assert.Equal((0, 0, 0), (live.Votes, live.PendingReview, live.FlushedVotes));
        Assert.Equal((0L, 0L), await FlushedAsync(campaign.Id, target));
    }

    [Fact]
    public async Task TheSurgeMonitorTripsOnOneCandidatesBurstButNotOnACampaignWidePush()
    {
        var burst = await factory.CreateCampaignAsync();
        var push = await factory.CreateCampaignAsync();
        var now = TestCampaigns.DefaultNow.AddSeconds(30);
        var minute = TestCampaigns.DefaultNow.ToUnixTimeSeconds() / 60;
        for (var m = minute - 63; m <= minute; m++)
        {
            var recent = m >= minute - 3;
            foreach (var (campaign, index) in new[] { burst, push }.SelectMany(c => c.CandidateIds.Select((_, i) => (c, i))))
            {
                var votes = !recent ? 4 : campaign == push ? 40 : index == 0 ? 60 : 4;
                await factory.Redis.HashIncrementAsync(factory.Keys.MinuteBucket(campaign.Id, 0, m), campaign.CandidateIds[index], votes);
            }
        }
        factory.Clock.Set(now);
        var findings = await factory.Services.GetRequiredService<SurgeMonitor>().TickAsync([new(burst.Id, 1), new(push.Id, 1)], now);

        var finding = Assert.Single(findings);
        Assert.Equal((burst.Id, burst.CandidateIds[0], "surge"), (finding.CampaignId, finding.CandidateId, finding.Detector));
        Assert.True(finding.Evidence["rateRatio"]!.GetValue<double>() >= 10, finding.Evidence.ToJsonString());
        var store = factory.Services.GetRequiredService<SurgeStore>();
        Assert.Equal([burst.CandidateIds[0]], (await store.FlagsAsync(burst.Id)).Keys);
        Assert.Equal(now.AddMinutes(15), (await store.FlagsAsync(burst.Id))[burst.CandidateIds[0]].Until);
        Assert.Empty(await store.FlagsAsync(push.Id));
    }

    /// <summary>What the surge monitor does when it trips: the flag on every shard, and the surge case held votes join.</summary>
    private async Task SurgeAsync(long campaignId, long candidateId, DateTimeOffset now)
    {
        await factory.Services.GetRequiredService<SurgeStore>().SetAsync(campaignId, 1, candidateId, new SurgeFlag(now.AddMinutes(10), now));
        await factory.Services.GetRequiredService<CaseWriter>().UpsertAsync(
            new Finding(SurgeMonitor.Detector, campaignId, candidateId, 0.5, now, now, [], "测试：激增", new JsonObject()));
    }

    [Fact]
    public async Task VotesHeldWithoutAnOpenSurgeCaseWaitUnassignedInsteadOfOpeningOne()
    {
        var campaign = await factory.CreateCampaignAsync();
        var target = campaign.CandidateIds[3];
        var now = TestCampaigns.DefaultNow;
        factory.Clock.Set(now);
        await factory.Services.GetRequiredService<SurgeStore>().SetAsync(campaign.Id, 1, target, new SurgeFlag(now.AddMinutes(10), now));
        await CastAsync(factory, campaign.Id, target, Voters("unassigned-", 2));
        await factory.DrainAsync();
        await factory.ScanAsync();
        using var reviewer = await factory.AdminClientAsync(Roles.Reviewer, campaign.Id);
        Assert.Empty((await CasesAsync(reviewer, campaign.Id, "all")).Items);
        Assert.Equal((0L, 2L), await FlushedAsync(campaign.Id, target));
    }

    private async Task<(long Votes, long Pending)> FlushedAsync(long campaignId, long candidateId)
    {
        await factory.DrainAsync();
        await using var db = await factory.Db.OpenConnectionAsync();
        return await db.QuerySingleAsync<(long, long)>(
            "SELECT votes, pending FROM vote_totals WHERE campaign_id = @campaignId AND candidate_id = @candidateId", new { campaignId, candidateId });
    }
}
