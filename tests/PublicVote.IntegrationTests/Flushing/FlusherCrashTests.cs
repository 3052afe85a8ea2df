using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PublicVote.Api.Background;
using PublicVote.Api.Features.Voting;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Flushing;

public sealed class FlusherCrashTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task CrashBetweenCommitAndAckIsReplayedByAnotherNodeWithoutDuplicates()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 5, Candidates = 5 });
        var client = factory.CreateClient();
        for (var v = 0; v < 60; v++)
        {
            var session = factory.SessionFor($"v{v}", campaign.Id);
            foreach (var candidate in campaign.CandidateIds.Take(1 + (v % 5)))
            {
                await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, candidate, session));
            }
        }
        const long accepted = 12 * (1 + 2 + 3 + 4 + 5);

        // Node A writes a batch of 50 to PostgreSQL, then dies before XACK.
        var nodeA = Flusher("node-a");
        nodeA.AfterCommit = _ => throw new SimulatedCrash();
        await Assert.ThrowsAsync<SimulatedCrash>(() => nodeA.FlushShardAsync(campaign.Id, 0));
        Assert.Equal(50, await CountAsync("SELECT count(*) FROM votes WHERE campaign_id = @Id", campaign.Id));
        Assert.Equal(accepted, (long)await factory.Redis.ExecuteAsync("XLEN", factory.Keys.Log(campaign.Id, 0)));

        // Node B takes the pending batch over (XAUTOCLAIM), replays it, and drains the rest.
        var nodeB = Flusher("node-b");
        while (await nodeB.FlushShardAsync(campaign.Id, 0) > 0)
        {
        }

        Assert.Equal(accepted, await CountAsync("SELECT count(*) FROM votes WHERE campaign_id = @Id", campaign.Id));
        Assert.Equal(accepted, await CountAsync("SELECT sum(votes)::bigint FROM vote_totals WHERE campaign_id = @Id", campaign.Id));
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM (SELECT 1 FROM votes WHERE campaign_id = @Id
                                  GROUP BY voter_openid, candidate_id HAVING count(*) > 1) d
            """, campaign.Id));
        Assert.Equal(0L, (long)await factory.Redis.ExecuteAsync("XLEN", factory.Keys.Log(campaign.Id, 0)));
        var pending = (StackExchange.Redis.RedisResult[])(await factory.Redis.ExecuteAsync(
            "XPENDING", factory.Keys.Log(campaign.Id, 0), VoteStreamStoreGroup))!;
        Assert.Equal(0L, (long)pending[0]);
        // Per candidate, the flushed totals match the log exactly.
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM vote_totals t
              JOIN (SELECT candidate_id, count(*) AS n FROM votes WHERE campaign_id = @Id GROUP BY candidate_id) v USING (candidate_id)
             WHERE t.campaign_id = @Id AND t.votes <> v.n
            """, campaign.Id));
    }

    [Fact]
    public async Task EntriesFlushedPastAnotherNodesPendingBatchAreDeletedAndItsBatchIsKept()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 5, Candidates = 5 });
        var client = factory.CreateClient();
        for (var v = 0; v < 40; v++)
        {
            foreach (var candidate in campaign.CandidateIds.Take(3))
            {
                await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, candidate, factory.SessionFor($"w{v}", campaign.Id)));
            }
        }
        const long accepted = 40 * 3;
        var log = factory.Keys.Log(campaign.Id, 0);

        // Node A commits its first batch, then dies holding it (and the batch it read ahead) pending.
        var nodeA = Flusher("node-a", TimeSpan.FromHours(1));
        nodeA.AfterCommit = _ => throw new SimulatedCrash();
        await Assert.ThrowsAsync<SimulatedCrash>(() => nodeA.FlushShardAsync(campaign.Id, 0));
        var heldByA = (long)((StackExchange.Redis.RedisResult[])(await factory.Redis.ExecuteAsync("XPENDING", log, VoteStreamStoreGroup))!)[0];

        // Node B (A not yet presumed dead) flushes the newer entries: they are deleted, A's stay in the stream.
        var nodeB = Flusher("node-b", TimeSpan.FromHours(1));
        while (await nodeB.FlushShardAsync(campaign.Id, 0) > 0)
        {
        }
        Assert.Equal(heldByA, (long)await factory.Redis.ExecuteAsync("XLEN", log));

        // A comes back, replays its own pending entries (no duplicates) and the stream empties.
        nodeA.AfterCommit = null;
        while (await nodeA.FlushShardAsync(campaign.Id, 0) > 0)
        {
        }
        Assert.Equal(0L, (long)await factory.Redis.ExecuteAsync("XLEN", log));
        Assert.Equal(accepted, await CountAsync("SELECT count(*) FROM votes WHERE campaign_id = @Id", campaign.Id));
        Assert.Equal(accepted, await CountAsync("SELECT sum(votes)::bigint FROM vote_totals WHERE campaign_id = @Id", campaign.Id));
    }

    [Fact]
    public async Task AStreamThatVanishedIsRecreatedOnTheNextRoundInsteadOfFailingUntilRestart()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 5, Candidates = 2 });
        var client = factory.CreateClient();
        var flusher = Flusher("node-a");
        await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[0], factory.SessionFor("x1", campaign.Id)));
        Assert.Equal(1, await flusher.FlushShardAsync(campaign.Id, 0));

        // An operator's FLUSHALL (or a failover to an empty replica) takes the stream and its group away.
        await factory.Redis.ExecuteAsync("DEL", factory.Keys.Log(campaign.Id, 0));
        await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, campaign.CandidateIds[1], factory.SessionFor("x2", campaign.Id)));

        // Redis's own error, as the multiplexer or the pipelined connections report it.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => flusher.FlushShardAsync(campaign.Id, 0));
        Assert.StartsWith("NOGROUP", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await flusher.FlushShardAsync(campaign.Id, 0));
        Assert.Equal(2, await CountAsync("SELECT count(*) FROM votes WHERE campaign_id = @Id", campaign.Id));
    }

    [Fact]
    public async Task PendingEntriesDeletedFromTheStreamAreAcknowledgedAndNothingIsWrittenForThem()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 5, Candidates = 3 });
        var client = factory.CreateClient();
        for (var v = 0; v < 30; v++)
        {
            foreach (var candidate in campaign.CandidateIds)
            {
                await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, candidate, factory.SessionFor($"d{v}", campaign.Id)));
            }
        }
        var log = factory.Keys.Log(campaign.Id, 0);
        var flusher = Flusher("node-a");
        flusher.AfterCommit = _ => throw new SimulatedCrash();
        await Assert.ThrowsAsync<SimulatedCrash>(() => flusher.FlushShardAsync(campaign.Id, 0));
        await using (var db = await factory.Db.OpenConnectionAsync())
        {
            await db.ExecuteAsync("DELETE FROM votes WHERE campaign_id = @Id; DELETE FROM vote_totals WHERE campaign_id = @Id", new { campaign.Id });
        }
        // Someone removes the entries node A holds (its batch of 50) from the stream: they come back with no fields.
        var held = (StackExchange.Redis.RedisResult[])(await factory.Redis.ExecuteAsync("XPENDING", log, VoteStreamStoreGroup, "-", "+", 50, "node-a"))!;
        Assert.Equal(50, held.Length);
        foreach (var entry in held)
        {
            await factory.Redis.ExecuteAsync("XDEL", log, (string)((StackExchange.Redis.RedisResult[])entry!)[0]!);
        }

        flusher.AfterCommit = null;
        while (await flusher.FlushShardAsync(campaign.Id, 0) > 0)
        {
        }

        Assert.Equal(40, await CountAsync("SELECT count(*) FROM votes WHERE campaign_id = @Id", campaign.Id));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM votes WHERE campaign_id = @Id AND (candidate_id = 0 OR voter_openid = '')", campaign.Id));
        Assert.Equal(40, await CountAsync("SELECT sum(votes)::bigint FROM vote_totals WHERE campaign_id = @Id", campaign.Id));
        Assert.Equal(0L, (long)await factory.Redis.ExecuteAsync("XLEN", log));
        Assert.Equal(0L, (long)((StackExchange.Redis.RedisResult[])(await factory.Redis.ExecuteAsync("XPENDING", log, VoteStreamStoreGroup))!)[0]);
    }

    private const string VoteStreamStoreGroup = PublicVote.Api.Storage.Redis.VoteStreamStore.Group;

    [Fact]
    public async Task ACrashWithSeveralBatchesCommittedButNotAcknowledgedIsReplayedWithoutDuplicates()
    {
        var campaign = await factory.CreateCampaignAsync(new CampaignSpec { DailyLimit = 5, Candidates = 4 });
        var client = factory.CreateClient();
        for (var v = 0; v < 50; v++)
        {
            foreach (var candidate in campaign.CandidateIds)
            {
                await ProblemAssert.IsOkAsync<VoteReceipt>(await factory.VoteAsync(client, campaign.Id, candidate, factory.SessionFor($"p{v}", campaign.Id)));
            }
        }
        const long accepted = 50 * 4;

        // Node A writes three batches side by side; each commits, then the node dies before any acknowledgement.
        var nodeA = Flusher("node-a", batchesInFlight: 3);
        nodeA.AfterCommit = _ => throw new SimulatedCrash();
        await Assert.ThrowsAsync<SimulatedCrash>(() => nodeA.FlushShardAsync(campaign.Id, 0));
        var committed = await CountAsync("SELECT count(*) FROM votes WHERE campaign_id = @Id", campaign.Id);
        Assert.InRange(committed, 50, 150);
        Assert.Equal(accepted, (long)await factory.Redis.ExecuteAsync("XLEN", factory.Keys.Log(campaign.Id, 0)));

        // Node B takes all of them over and replays them, then drains the rest, also several batches at a time.
        var nodeB = Flusher("node-b", batchesInFlight: 3);
        while (await nodeB.FlushShardAsync(campaign.Id, 0) > 0)
        {
        }
        Assert.Equal(accepted, await CountAsync("SELECT count(*) FROM votes WHERE campaign_id = @Id", campaign.Id));
        Assert.Equal(accepted, await CountAsync("SELECT sum(votes)::bigint FROM vote_totals WHERE campaign_id = @Id", campaign.Id));
        Assert.Equal(0L, (long)await factory.Redis.ExecuteAsync("XLEN", factory.Keys.Log(campaign.Id, 0)));
        Assert.Equal(0, await CountAsync("""
            SELECT count(*) FROM vote_totals t
              JOIN (SELECT candidate_id, count(*) AS n FROM votes WHERE campaign_id = @Id GROUP BY candidate_id) v USING (candidate_id)
             WHERE t.campaign_id = @Id AND t.votes <> v.n
            """, campaign.Id));
    }

    // One batch at a time unless a test says otherwise: the scenarios above count exactly one committed batch.
    private VoteFlusher Flusher(string consumer, TimeSpan? claimIdleTime = null, int batchesInFlight = 1) => ActivatorUtilities.CreateInstance<VoteFlusher>(
        factory.Services,
        Options.Create(new FlusherOptions
        {
            ConsumerName = consumer, BatchSize = 50, ClaimIdleTime = claimIdleTime ?? TimeSpan.Zero, BatchesInFlight = batchesInFlight,
        }));

    private async Task<long> CountAsync(string sql, long id)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        return await db.ExecuteScalarAsync<long>(sql, new { Id = id });
    }

    private sealed class SimulatedCrash : Exception;
}
