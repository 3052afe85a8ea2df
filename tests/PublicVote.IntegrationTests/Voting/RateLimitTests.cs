using System.Net;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Voting;

/// <summary>Buckets that do not refill during the test (one per day), so the outcome never depends on timing.</summary>
public sealed class TightRateLimitFactory() : PublicVoteFactory(s =>
{
    s["RateLimiting:PerVoterBurst"] = "3";
    s["RateLimiting:PerVoterPerSecond"] = "1";
    s["RateLimiting:ReplenishmentPeriod"] = "1.00:00:00";
});

public sealed class RateLimitTests(TightRateLimitFactory factory) : IClassFixture<TightRateLimitFactory>
{
    [Fact]
    public async Task AVoterOverTheRateLimitGets429WithRetryAfterAndOthersAreUnaffected()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 10, Candidates = 5 });
        var client = factory.CreateClient();
        var eager = factory.SessionFor("eager", campaign.Id);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[i], eager);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[3], eager);
        var problem = await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.True(problem.GetProperty("retryAfterSeconds").GetInt32() >= 1);

        using var other = await factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[3], factory.SessionFor("calm", campaign.Id));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.True((await factory.Redis.HashGetAsync(factory.Keys.Counters(campaign.Id, 0), campaign.CandidateIds[3])) == 1,
            "the limited request counted nothing");
    }
}
