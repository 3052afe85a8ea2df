using System.Net;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Hosting;

/// <summary>Redis pointed at a loopback port where nothing listens.</summary>
public sealed class RedisDownFactory() : PublicVoteFactory(s =>
    s["ConnectionStrings:Redis"] = $"127.0.0.1:{TestServices.FreePort()},connectTimeout=500,connectRetry=1");

public sealed class RedisDownTests(RedisDownFactory factory) : IClassFixture<RedisDownFactory>
{
    [Fact]
    public async Task VoteAnswers503ServiceUnavailableWhenRedisIsUnreachable()
    {
        var campaign = await factory.CreateCampaignAsync();
        var response = await factory.VoteAsync(factory.CreateClient(), campaign.Id, campaign.CandidateIds[0], factory.SessionFor("patient", campaign.Id));
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "service-unavailable");
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task ReadyzIsUnhealthyWhenRedisIsUnreachable()
    {
        var response = await factory.CreateClient().GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
