using System.Globalization;
using PublicVote.Api.Storage.Redis;
using StackExchange.Redis;

namespace PublicVote.Api.Features.AntiFraud.Surge;

/// <summary>Surge mode of a candidate: until when, and since when (the surge's start, which freezes its baseline).</summary>
public readonly record struct SurgeFlag(DateTimeOffset Until, DateTimeOffset Since);

/// <summary>The surge monitor's Redis side: the per-minute candidate buckets it reads, the surge flags it writes.</summary>
public sealed class SurgeStore(RedisConnection redis, RedisKeys keys)
{
    /// <summary>Votes per candidate in one unix minute, summed over the campaign's shards.</summary>
    public async Task<Dictionary<long, long>> MinuteAsync(long campaignId, int shards, long unixMinute)
    {
        var perShard = await Task.WhenAll(Enumerable.Range(0, shards).Select(shard =>
            redis.RunAsync(db => db.HashGetAllAsync(keys.MinuteBucket(campaignId, shard, unixMinute)))));
        var sum = new Dictionary<long, long>();
        foreach (var entry in perShard.SelectMany(e => e))
        {
            var candidate = long.Parse((string)entry.Name!, CultureInfo.InvariantCulture);
            sum[candidate] = sum.GetValueOrDefault(candidate) + (long)entry.Value;
        }
        return sum;
    }

    /// <summary>The campaign's surge flags (all shards carry the same; shard 0 is read).</summary>
    public async Task<Dictionary<long, SurgeFlag>> FlagsAsync(long campaignId)
    {
        var entries = await redis.RunAsync(db => db.HashGetAllAsync(keys.Surge(campaignId, 0)));
        var flags = new Dictionary<long, SurgeFlag>();
        foreach (var entry in entries)
        {
            var parts = ((string)entry.Value!).Split(':');
            if (parts.Length == 2 && long.TryParse(parts[0], CultureInfo.InvariantCulture, out var until)
                && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var since))
            {
                flags[long.Parse((string)entry.Name!, CultureInfo.InvariantCulture)] =
                    new SurgeFlag(DateTimeOffset.FromUnixTimeMilliseconds(until), DateTimeOffset.FromUnixTimeMilliseconds(since));
            }
        }
        return flags;
    }

    /// <summary>Puts a candidate in surge mode on every shard (the vote script reads its own shard's flag).</summary>
    public Task SetAsync(long campaignId, int shards, long candidateId, SurgeFlag flag)
    {
        var value = string.Create(CultureInfo.InvariantCulture, $"{flag.Until.ToUnixTimeMilliseconds()}:{flag.Since.ToUnixTimeMilliseconds()}");
        // The hash outlives its longest flag a little; stale fields are harmless (their time has passed).
        var keep = flag.Until - flag.Since + TimeSpan.FromHours(1);
        return Task.WhenAll(Enumerable.Range(0, shards).Select(shard => redis.RunAsync(async db =>
        {
            var key = keys.Surge(campaignId, shard);
            await db.HashSetAsync(key, candidateId, value).ConfigureAwait(false);
            return await db.KeyExpireAsync(key, keep).ConfigureAwait(false);
        })));
    }
}
