using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PublicVote.Api.Background;
using PublicVote.Api.Features.Voting;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Flushing;

public sealed class DrainTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task DrainWaitsForACampaignThatAStaleCampaignListSkipped()
    {
        var flusher = factory.Services.GetRequiredService<VoteFlusher>();
        var client = factory.CreateClient();
        var early = await factory.CreateCampaignAsync();
        var receipts = new List<string> { await VoteAsync(client, early, "early-1") };
        await flusher.DrainAsync(); // the flusher's campaign list now holds `early` only
        var late = await factory.CreateCampaignAsync(new CampaignSpec { Shards = 2 });
        receipts.Add(await VoteAsync(client, early, "early-2"));
        for (var v = 0; v < 6; v++)
        {
            receipts.Add(await VoteAsync(client, late, $"late-{v}"));
        }

        // The flusher's next campaign list query fails (as when PostgreSQL refuses it for a moment), so its passes keep
        // to the old list; it works again from the first pass that moves nothing on.
        await ExecuteAsync("ALTER TABLE campaigns RENAME COLUMN redis_shards TO redis_shards_hidden");
        var rounds = new List<FlushDrainRound>();
        var broken = true;
        var drain = await flusher.DrainAsync(round =>
        {
            rounds.Add(round);
            if (round.Moved == 0 && broken)
            {
                using var connection = factory.Db.OpenConnection();
                connection.Execute("ALTER TABLE campaigns RENAME COLUMN redis_shards_hidden TO redis_shards");
                broken = false;
            }
        });

        // A pass moved nothing while `late` still had votes: stopping there would have left them in Redis.
        var firstEmpty = rounds.FindIndex(r => r.Moved == 0);
        Assert.True(firstEmpty >= 0 && rounds.FindLastIndex(r => r.Moved > 0) > firstEmpty, string.Join(", ", rounds));
        Assert.Equal(7, drain.Votes);
        Assert.Equal(rounds.Count, drain.Rounds);
        Assert.Equal(0, rounds[^1].Moved);
        var stored = (await factory.StoredReceiptsAsync(early.Id)).Concat(await factory.StoredReceiptsAsync(late.Id));
        Assert.Equal(receipts.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        foreach (var (campaign, shard) in new[] { (early.Id, 0), (late.Id, 0), (late.Id, 1) })
        {
            Assert.Equal(0L, (long)await factory.Redis.ExecuteAsync("XLEN", factory.Keys.Log(campaign, shard)));
        }
    }

    [Fact]
    public async Task DrainThatCannotEmptyTheStreamsFailsNamingTheBacklog()
    {
        var campaign = await factory.CreateCampaignAsync();
        var client = factory.CreateClient();
        for (var v = 0; v < 10; v++)
        {
            await VoteAsync(client, campaign, $"held-{v}");
        }
        // Node A commits its first batch of 5 and dies before the ack: the entries stay pending on it, and node B does
        // not take them over within the hour, so B's streams cannot get empty.
        var nodeA = Flusher("node-a");
        nodeA.AfterCommit = _ => throw new InvalidOperationException("node A dies");
        await Assert.ThrowsAsync<InvalidOperationException>(() => nodeA.FlushShardAsync(campaign.Id, 0));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Flusher("node-b").DrainAsync());

        Assert.Contains("5 votes are still in them", error.Message, StringComparison.Ordinal);
        Assert.Contains("Flusher:DrainTimeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, (await factory.StoredReceiptsAsync(campaign.Id)).Count);
        // Node A comes back and replays its batch: the streams empty, so other tests of this class can drain.
        nodeA.AfterCommit = null;
        Assert.Equal(5, (await nodeA.DrainAsync()).Votes);
    }

    private VoteFlusher Flusher(string consumer) => ActivatorUtilities.CreateInstance<VoteFlusher>(
        factory.Services,
        Options.Create(new FlusherOptions
        {
            ConsumerName = consumer, BatchSize = 5, BatchesInFlight = 1, ClaimIdleTime = TimeSpan.FromHours(1),
            DrainTimeout = TimeSpan.FromSeconds(1), IdleDelay = TimeSpan.FromMilliseconds(20),
        }));

    private async Task<string> VoteAsync(HttpClient client, TestCampaign campaign, string openId) =>
        (await ProblemAssert.IsOkAsync<VoteReceipt>(
            await factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[0], factory.SessionFor(openId, campaign.Id)))).Receipt;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await factory.Db.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }
}
