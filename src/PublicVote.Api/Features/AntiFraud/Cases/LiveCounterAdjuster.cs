using Dapper;
using Npgsql;
using PublicVote.Api.Storage.Redis;
using StackExchange.Redis;

namespace PublicVote.Api.Features.AntiFraud.Cases;

/// <summary>One shard's share of what a status change did to a candidate's live counters.</summary>
public sealed record CounterAdjustment(long Id, long CampaignId, int Shard, long CandidateId, int CountedDelta, int HeldDelta);

/// <summary>
/// Brings the live Redis counters in line with a void or restore. The adjustments are rows written in the same
/// transaction as the status change; after the commit they are applied here, each at most once (a marker key per
/// adjustment), and marked applied. Whatever failed (Redis down) is retried by the detector host's loop.
/// </summary>
public sealed partial class LiveCounterAdjuster(NpgsqlDataSource dataSource, RedisConnection redis, RedisKeys keys, ILogger<LiveCounterAdjuster> logger)
{
    private static readonly RedisScript AdjustScript = RedisScript.Load("adjust.lua");

    /// <summary>Markers outlive any retry by far; after that an adjustment is only ever applied from its row's flag.</summary>
    private static readonly TimeSpan MarkerLifetime = TimeSpan.FromDays(7);

    /// <summary>Records adjustments (inside the caller's transaction) and returns them for <see cref="ApplyAsync"/> after the commit.</summary>
    public static async Task<IReadOnlyList<CounterAdjustment>> RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId,
        IEnumerable<(int Shard, long CandidateId, int CountedDelta, int HeldDelta)> changes)
    {
        var list = changes.Where(c => c.CountedDelta != 0 || c.HeldDelta != 0).ToList();
        if (list.Count == 0)
        {
            return [];
        }
        var rows = await connection.QueryAsync<CounterAdjustment>("""
            INSERT INTO live_counter_adjustments (campaign_id, shard, candidate_id, counted_delta, held_delta)
            SELECT @campaignId, * FROM unnest(@shards, @candidates, @counted, @held)
            RETURNING id, campaign_id AS CampaignId, shard, candidate_id AS CandidateId, counted_delta AS CountedDelta, held_delta AS HeldDelta
            """, new
        {
            campaignId,
            shards = list.Select(c => c.Shard).ToArray(),
            candidates = list.Select(c => c.CandidateId).ToArray(),
            counted = list.Select(c => c.CountedDelta).ToArray(),
            held = list.Select(c => c.HeldDelta).ToArray(),
        }, transaction);
        return rows.AsList();
    }

    /// <summary>Applies committed adjustments now; a failure is logged and left to <see cref="ApplyUnappliedAsync"/>.</summary>
    public async Task ApplyAsync(IReadOnlyList<CounterAdjustment> adjustments)
    {
        try
        {
            foreach (var adjustment in adjustments)
            {
                await ApplyOneAsync(adjustment);
            }
            await MarkAppliedAsync(adjustments.Select(a => a.Id).ToArray());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The status change is committed: answer its success, and let the retry bring Redis in line.
            LogApplyFailed(ex, adjustments.Count);
        }
    }

    /// <summary>Applies the adjustments left unapplied for at least <paramref name="olderThan"/>; returns how many.</summary>
    public async Task<int> ApplyUnappliedAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var pending = (await connection.QueryAsync<CounterAdjustment>("""
            SELECT id, campaign_id AS CampaignId, shard, candidate_id AS CandidateId, counted_delta AS CountedDelta, held_delta AS HeldDelta
              FROM live_counter_adjustments
             WHERE applied_at IS NULL AND created_at < now() - @olderThan
             ORDER BY id LIMIT 1000
            """, new { olderThan })).AsList();
        foreach (var adjustment in pending)
        {
            await ApplyOneAsync(adjustment);
        }
        await MarkAppliedAsync(pending.Select(a => a.Id).ToArray());
        return pending.Count;
    }

    private Task<RedisResult> ApplyOneAsync(CounterAdjustment a) =>
        redis.RunAsync(db => AdjustScript.EvaluateAsync(db,
            [keys.Counters(a.CampaignId, a.Shard), keys.Held(a.CampaignId, a.Shard), keys.AdjustmentApplied(a.CampaignId, a.Shard, a.Id)],
            [a.CandidateId, a.CountedDelta, a.HeldDelta, (long)MarkerLifetime.TotalSeconds]));

    private async Task MarkAppliedAsync(long[] ids)
    {
        if (ids.Length == 0)
        {
            return;
        }
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE live_counter_adjustments SET applied_at = now() WHERE id = ANY(@ids)", new { ids });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} live-counter adjustments not applied yet; the detector host retries them")]
    private partial void LogApplyFailed(Exception exception, int count);
}
