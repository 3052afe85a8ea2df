using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.AntiFraud.AntiFraudTestKit;

namespace PublicVote.IntegrationTests.AntiFraud;

public sealed class TrustedProxyFactory() : PublicVoteFactory(s =>
{
    s["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5";
    s["ForwardedHeaders:KnownNetworks:0"] = "172.16.0.0/12";
});

/// <summary>X-Forwarded-For is believed only from a configured proxy, and only its last hop.</summary>
public sealed class TrustedProxyTests(TrustedProxyFactory factory) : IClassFixture<TrustedProxyFactory>
{
    [Theory]
    [InlineData("10.0.0.5", "203.0.113.9", "203.0.113.9")]
    [InlineData("172.20.1.1", "203.0.113.9", "203.0.113.9")]
    [InlineData("10.0.0.5", "198.51.100.1, 203.0.113.9", "203.0.113.9")]
    [InlineData("10.0.0.6", "203.0.113.9", "10.0.0.6")]
    [InlineData("192.0.2.44", "203.0.113.9", "192.0.2.44")]
    [InlineData("10.0.0.5", null, "10.0.0.5")]
    public async Task TheClientAddressIsTheForwardedOneOnlyBehindAKnownProxy(string peer, string? forwardedFor, string client)
    {
        var campaign = await factory.CreateCampaignAsync();
        var voter = "proxy-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(200, (await RawVoteAsync(factory, campaign.Id, campaign.CandidateIds[0], voter, peer, forwardedFor)).Response.StatusCode);
        var vote = Assert.Single(await StoredVotesAsync(factory, campaign.Id, voter));
        Assert.Equal(client, vote.ClientIp);
        Assert.Equal(string.Join('.', client.Split('.')[..3]) + ".0/24", vote.IpPrefix);
    }
}
