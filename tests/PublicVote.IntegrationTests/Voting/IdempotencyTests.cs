using System.Net;
using PublicVote.Api.Features.Voting;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Voting;

public sealed class IdempotencyTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task SameKeyRetriedTwentyTimesInParallelCountsOnceWithOneReceipt()
    {
        var campaign = await factory.CreateCampaignAsync();
        var session = factory.SessionFor("flaky-network", campaign.Id);
        var client = factory.CreateClient();
        var candidate = campaign.CandidateIds[2];

        var receipts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
            await ProblemAssert.IsOkAsync<VoteReceipt>(
                await factory.VoteAsync(client, campaign.Id, candidate, session, "3f2a9c1e-retry"))));

        Assert.Single(receipts.Select(r => r.Receipt).Distinct());
        Assert.Single(receipts, r => !r.Replayed);
        Assert.All(receipts, r => Assert.Equal(4, r.RemainingToday));
        Assert.Equal(1, (long)await factory.Redis.HashGetAsync(factory.Keys.Counters(campaign.Id, 0), candidate));

        await factory.DrainAsync();
        await using var db = await factory.Db.OpenConnectionAsync();
        Assert.Equal(1L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(db,
            "SELECT count(*) FROM votes WHERE campaign_id = @Id", new { campaign.Id }));
    }

    [Fact]
    public async Task SameKeyForAnotherCandidateIsRefusedAndCountsNothing()
    {
        var campaign = await factory.CreateCampaignAsync();
        var session = factory.SessionFor("key-reuser", campaign.Id);
        var client = factory.CreateClient();
        await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[0], session, "k1"));

        await ProblemAssert.IsProblemAsync(
            await factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[1], session, "k1"),
            HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        Assert.True((await factory.Redis.HashGetAsync(factory.Keys.Counters(campaign.Id, 0), campaign.CandidateIds[1])).IsNull);
    }

    [Fact]
    public async Task KeysAreScopedToTheVoter()
    {
        var campaign = await factory.CreateCampaignAsync();
        var client = factory.CreateClient();
        var alice = await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(
            client, campaign.Id, campaign.CandidateIds[0], factory.SessionFor("alice", campaign.Id), "shared-key"));
        var bob = await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(
            client, campaign.Id, campaign.CandidateIds[0], factory.SessionFor("bob", campaign.Id), "shared-key"));

        Assert.NotEqual(alice.Receipt, bob.Receipt);
        Assert.False(bob.Replayed);
    }
}
