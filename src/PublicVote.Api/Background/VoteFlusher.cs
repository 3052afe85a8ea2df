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

    /// <summary>One pass over every flushable campaign and shard. Returns the number of entries moved.</summary>
    public async Task<long> FlushAllAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            _campaigns = await campaigns.FlushableAsync(cancellationToken);
        }
        catch (Npgsql.NpgsqlException) when (_campaigns.Count > 0)
        {
            // Keep draining the campaigns we know; the batch writes will fail and retry until PostgreSQL is back.
        }
        long moved = 0;
        foreach (var campaign in _campaigns)
        {
            for (var shard = 0; shard < campaign.RedisShards; shard++)
            {
                moved += await FlushShardAsync(campaign.Id, shard, cancellationToken);
            }
        }
        return moved;
    }

    /// <summary>Flushes up to a few batches of one shard stream (bounded so one busy campaign cannot starve others).</summary>
    public async Task<long> FlushShardAsync(long campaignId, int shard, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        await streams.EnsureGroupAsync(campaignId, shard);
        long moved = 0;
        var (batch, isNew) = await ReadAsync(campaignId, shard);
        for (var round = 0; round < MaxRounds && batch.Count > 0; round++)
        {
            // While PostgreSQL writes a full batch of new entries, the next one is read from Redis. If this batch
            // fails, that one stays pending on this consumer and is read again first next time.
            var next = isNew && batch.Count == o.BatchSize && round + 1 < MaxRounds
                ? streams.ReadNewAsync(campaignId, shard, o.ConsumerName, o.BatchSize)
                : null;
            try
            {
                var inserted = await votes.InsertBatchAsync(campaignId, shard, batch, cancellationToken);
                if (AfterCommit is { } afterCommit)
                {
                    await afterCommit(batch);
                }
                await streams.AckAndDeleteAsync(campaignId, shard, batch);
                LogFlushed(batch.Count, inserted, campaignId, shard);
            }
            catch when (next is not null)
            {
                await next.ContinueWith(static _ => { }, TaskScheduler.Default); // observed; the batch's failure is what counts
                throw;
            }
            moved += batch.Count;
            if (round + 1 == MaxRounds)
            {
                break;
            }
            (batch, isNew) = next is null ? await ReadAsync(campaignId, shard) : (await next, true);
        }
        return moved;
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Flushed {VoteCount} votes ({NewCount} new) for campaign {CampaignId} shard {Shard}")]
    private partial void LogFlushed(int voteCount, long newCount, long campaignId, int shard);
}
