using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.AntiFraud.Signals;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.AntiFraud.AntiFraudTestKit;

namespace PublicVote.IntegrationTests.AntiFraud;

/// <summary>Issue 8 item 1: the signals recorded inside the vote script's round trip and stored with each vote.</summary>
public sealed class HotPathSignalTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task AVoteTokenMeasuresTheDwellOnceAndAMissingOrForeignTokenIsNoError()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { PerCandidateLimit = 2 });
        var (first, second) = (campaign.CandidateIds[0], campaign.CandidateIds[1]);
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var token = await VoteTokenAsync(factory, campaign.Id, first, "dwell-a");
        factory.Clock.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, first, "dwell-a", null, voteToken: token)).Response.StatusCode);
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, first, "dwell-a", null, voteToken: token)).Response.StatusCode);
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, second, "dwell-a", null, voteToken: token)).Response.StatusCode);
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, second, "dwell-a", null)).Response.StatusCode);
        var stolen = await VoteTokenAsync(factory, campaign.Id, first, "dwell-b");
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, first, "dwell-c", null, voteToken: stolen)).Response.StatusCode);

        var votes = await StoredVotesAsync(factory, campaign.Id, "dwell-a");
        Assert.Equal(
            [(25_000, "used"), (null, "reused"), (null, "invalid"), (null, "none")],
            votes.Select(v => (v.DwellMs, v.TokenState)));
        Assert.Equal("invalid", Assert.Single(await StoredVotesAsync(factory, campaign.Id, "dwell-c")).TokenState);
    }

    [Fact]
    public async Task TheVoteTokenRouteNeedsASessionAndAKnownCandidateAndIsNeverCached()
    {
        var campaign = await factory.CreateCampaignAsync();
        using var anonymous = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await anonymous.GetAsync($"/api/v1/campaigns/{campaign.Id}/candidates/{campaign.CandidateIds[0]}/vote-token"),
            HttpStatusCode.Unauthorized, "session-required");
        using var voter = factory.Accounts.BearerClient(factory.SessionFor("token-route", campaign.Id));
        await ProblemAssert.IsProblemAsync(await voter.GetAsync($"/api/v1/campaigns/{campaign.Id}/candidates/999999/vote-token"),
            HttpStatusCode.NotFound, "candidate-not-found");
        var response = await voter.GetAsync($"/api/v1/campaigns/{campaign.Id}/candidates/{campaign.CandidateIds[0]}/vote-token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task FirstSeenComesFromTheSignInRecordAndTheVoterKeyHidesTheOpenId()
    {
        var campaign = await factory.CreateCampaignAsync();
        var signedIn = TestCampaigns.DefaultNow.AddDays(-3);
        factory.Clock.Set(TestCampaigns.DefaultNow);
        await factory.Redis.HashSetAsync(factory.Keys.FirstSeen(campaign.Id, 0), "seen-a", signedIn.ToUnixTimeMilliseconds());
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, campaign.CandidateIds[0], "seen-a", null)).Response.StatusCode);
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, campaign.CandidateIds[0], "seen-b", null)).Response.StatusCode);

        var known = Assert.Single(await StoredVotesAsync(factory, campaign.Id, "seen-a"));
        Assert.Equal(signedIn.UtcDateTime, known.FirstSeenAt);
        Assert.Equal(factory.Services.GetRequiredService<VoterKeys>().Of(campaign.Id, "seen-a"), known.VoterKey);
        Assert.Null(Assert.Single(await StoredVotesAsync(factory, campaign.Id, "seen-b")).FirstSeenAt);
    }

    [Fact]
    public async Task FreshVotersAreCountedPerPrefixAndReturningVotersAreNot()
    {
        var campaign = await factory.CreateCampaignAsync();
        factory.Clock.Set(TestCampaigns.DefaultNow);
        await factory.Redis.HashSetAsync(factory.Keys.FirstSeen(campaign.Id, 0), "nat-old", TestCampaigns.DefaultNow.AddDays(-30).ToUnixTimeMilliseconds());
        foreach (var (voter, peer) in new[] { ("nat-1", "198.51.100.7"), ("nat-2", "198.51.100.8"), ("nat-old", "198.51.100.9"), ("nat-3", "198.51.100.10"), ("v6-1", "2001:db8:7:1::5") })
        {
            Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, campaign.CandidateIds[0], voter, peer)).Response.StatusCode);
        }
        // The same voter again (another candidate) is not a new distinct voter: the count stays 3.
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, campaign.CandidateIds[1], "nat-1", "198.51.100.7")).Response.StatusCode);

        var counts = new List<(string, int)>();
        foreach (var voter in new[] { "nat-1", "nat-2", "nat-old", "nat-3", "v6-1" })
        {
            counts.AddRange((await StoredVotesAsync(factory, campaign.Id, voter)).Select(v => (v.IpPrefix, v.PrefixNewVoters)));
        }
        Assert.Equal(
            [("198.51.100.0/24", 1), ("198.51.100.0/24", 3), ("198.51.100.0/24", 2), ("198.51.100.0/24", 0), ("198.51.100.0/24", 3), ("2001:db8:7::/48", 1)],
            counts);
    }

    [Fact]
    public async Task ARawForwardedForIsIgnoredWhenNoProxyIsConfigured()
    {
        var campaign = await factory.CreateCampaignAsync();
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, campaign.CandidateIds[0], "xff-a", "10.0.0.5", forwardedFor: "203.0.113.9")).Response.StatusCode);
        var vote = Assert.Single(await StoredVotesAsync(factory, campaign.Id, "xff-a"));
        Assert.Equal(("10.0.0.5", "10.0.0.0/24"), (vote.ClientIp, vote.IpPrefix));
    }
}
