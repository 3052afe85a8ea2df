using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Storage.Redis;
using PublicVote.Api.Storage.Sql;

namespace PublicVote.Api.Background;

/// <summary>
/// Moves accepted votes from the shard streams to PostgreSQL: read (own pending first, then entries idle on a
/// dead consumer, then new), write the batch in one transaction, and only then XACK + XDEL. A crash between
/// commit and ack replays the batch, and the stream-id key drops the duplicates.
/// </summary>
public sealed partial class VoteFlusher(
    VoteStreamStore streams,
    VoteRepository votes,
    CampaignRepository campaigns,
    IOptions<FlusherOptions> options,
    ILogger<VoteFlusher> logger)
{
    private IReadOnlyList<CampaignShards> _campaigns = [];

    /// <summary>Test seam: runs after the PostgreSQL commit, before the ack (to simulate a crash there).</summary>
    public Func<IReadOnlyList<StreamVote>, Task>? AfterCommit { get; set; }

    /// <summary>One pass over every flushable campaign and shard (up to <see cref="FlusherOptions.ParallelShards"/> at once). Returns the number of entries moved.</summary>
    public async Task<long> FlushAllAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            _campaigns = await campaigns.FlushableAsync(cancellationToken);
        }
        catch (Npgsql.NpgsqlException ex) when (_campaigns.Count > 0)
        {
            // Keep draining the campaigns we know; the batch writes will fail and retry until PostgreSQL is back. A
            // campaign created since the last list waits for the next round: a pass may move nothing while it has votes.
            LogCampaignListFailed(ex, _campaigns.Count);
        }
        long moved = 0;
        var shards = _campaigns.SelectMany(c => Enumerable.Range(0, c.RedisShards).Select(shard => (c.Id, Shard: shard)));
        // Shards are independent streams, each with its own pending entries: they flush side by side.
        await Parallel.ForEachAsync(shards, new ParallelOptions { MaxDegreeOfParallelism = options.Value.ParallelShards, CancellationToken = cancellationToken },
            async (s, token) => Interlocked.Add(ref moved, await FlushShardAsync(s.Id, s.Shard, token)));
        return moved;
    }

    /// <summary>
    /// Entries still in the streams of every flushable campaign (accepted, not yet acknowledged). The campaign list is
    /// read afresh, and a failure to read it throws: "nothing left" must not rest on a stale list.
    /// </summary>
    public async Task<long> BacklogAsync(CancellationToken cancellationToken = default)
    {
        long backlog = 0;
        foreach (var campaign in await campaigns.FlushableAsync(cancellationToken))
        {
            for (var shard = 0; shard < campaign.RedisShards; shard++)
            {
                backlog += await streams.LengthAsync(campaign.Id, shard);
            }
        }
        return backlog;
    }

    /// <summary>
    /// Flushes up to a few batches of one shard stream (bounded so one busy campaign cannot starve others). Up to
    /// <see cref="FlusherOptions.BatchesInFlight"/> batches are written at once, each in its own transaction and each
    /// acknowledged only after its own commit (in read order, so the stream is trimmed, not deleted entry by entry);
    /// the next batch is read from Redis meanwhile. After a failure the batches already started are finished, and
    /// whatever was not acknowledged stays pending on this consumer: the first read of the next round.
    /// </summary>
    public async Task<long> FlushShardAsync(long campaignId, int shard, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        await streams.EnsureGroupAsync(campaignId, shard);
        long moved = 0;
        var inFlight = new Queue<Task<int>>();
        Task acked = Task.CompletedTask;
        try
        {
            var (batch, isNew) = await ReadAsync(campaignId, shard);
            for (var round = 0; round < MaxRounds && batch.Count > 0; round++)
            {
                acked = WriteThenAckAsync(campaignId, shard, batch, acked, cancellationToken);
                inFlight.Enqueue((Task<int>)acked);
                if (round + 1 == MaxRounds)
                {
                    break;
                }
                if (isNew && batch.Count == o.BatchSize)
                {
                    if (inFlight.Count >= o.BatchesInFlight)
                    {
                        moved += await inFlight.Dequeue();
                    }
                    (batch, isNew) = (await streams.ReadNewAsync(campaignId, shard, o.ConsumerName, o.BatchSize), true);
                    continue;
                }
                // A short or replayed batch: finish everything before looking at the stream again.
                while (inFlight.Count > 0)
                {
                    moved += await inFlight.Dequeue();
                }
                (batch, isNew) = await ReadAsync(campaignId, shard);
            }
            while (inFlight.Count > 0)
            {
                moved += await inFlight.Dequeue();
            }
        }
        catch when (inFlight.Count > 0)
        {
            // Observed; the first failure is what counts.
            await Task.WhenAll(inFlight).ContinueWith(static _ => { }, TaskScheduler.Default);
            throw;
        }
        return moved;
    }

    /// <summary>Writes one batch; after its commit, and after the batch before it is acknowledged (or failed), acknowledges it.</summary>
    private async Task<int> WriteThenAckAsync(long campaignId, int shard, IReadOnlyList<StreamVote> batch, Task previous, CancellationToken cancellationToken)
    {
        var inserted = await votes.InsertBatchAsync(campaignId, shard, batch, cancellationToken);
        if (AfterCommit is { } afterCommit)
        {
            await afterCommit(batch);
        }
        // Waiting keeps the acks in read order, so ack.lua trims the stream instead of deleting entry by entry; a
        // failed batch before this one stays pending (and this one is deleted past it).
        await previous.ContinueWith(static _ => { }, TaskScheduler.Default);
        await streams.AckAndDeleteAsync(campaignId, shard, batch);
        LogFlushed(batch.Count, inserted, campaignId, shard);
        return batch.Count;
    }

    private const int MaxRounds = 10;

    /// <summary>This consumer's pending entries first, then entries idle on a dead consumer, then new ones.</summary>
    private async Task<(IReadOnlyList<StreamVote> Batch, bool IsNew)> ReadAsync(long campaignId, int shard)
    {
        var o = options.Value;
        var batch = await streams.ReadOwnPendingAsync(campaignId, shard, o.ConsumerName, o.BatchSize);
        if (batch.Count == 0)
        {
            batch = await streams.ClaimIdleAsync(campaignId, shard, o.ConsumerName, o.ClaimIdleTime, o.BatchSize);
        }
        return batch.Count > 0 ? (batch, false) : (await streams.ReadNewAsync(campaignId, shard, o.ConsumerName, o.BatchSize), true);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the campaign list; this round flushes the {Known} campaigns known from the last one")]
    private partial void LogCampaignListFailed(Exception exception, int known);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Flushed {VoteCount} votes ({NewCount} new) for campaign {CampaignId} shard {Shard}")]
    private partial void LogFlushed(int voteCount, long newCount, long campaignId, int shard);
}
