using System.Collections.Concurrent;
using System.Globalization;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Storage.Redis;
using PublicVote.Api.Storage.Sql;

namespace PublicVote.Api.Features.Organizers;

/// <param name="Votes">The live tally (counted and restored votes).</param>
/// <param name="PendingReview">Votes held for anti-fraud review (accepted, not in the tally), live.</param>
public sealed record CandidateTotal(
    long CandidateId, string Number, string Name, string Status, long Votes, long FlushedVotes, long PendingReview, long CategoryId);

/// <param name="VotesInRedis">Accepted votes in the tally (the live counters, summed over shards).</param>
/// <param name="VotesInPostgres">Tallied votes in the durable log (flushed totals).</param>
/// <param name="PendingInStreams">Accepted votes still waiting in the shard streams (tallied or held).</param>
/// <param name="HeldInRedis">Votes held for review (live held counters).</param>
/// <param name="HeldInPostgres">Votes held for review in the durable log.</param>
public sealed record FlushState(long VotesInRedis, long VotesInPostgres, long PendingInStreams, long HeldInRedis, long HeldInPostgres);

public sealed record CampaignTotals(long CampaignId, DateTimeOffset AsOf, IReadOnlyList<CandidateTotal> Candidates, FlushState Flush);

/// <summary>Live totals: Redis counters summed over shards next to the flushed PostgreSQL totals, cached ~1 s per campaign.</summary>
public sealed class TotalsService(RedisConnection redis, RedisKeys keys, VoteStreamStore streams, VoteRepository votes, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<long, CampaignTotals> _cache = new();

    public async Task<CampaignTotals> GetAsync(CampaignRules campaign)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(campaign.Id, out var cached) && now - cached.AsOf < CacheFor)
        {
            return cached;
        }
        var live = new Dictionary<long, long>();
        var held = new Dictionary<long, long>();
        long pending = 0;
        for (var shard = 0; shard < campaign.RedisShards; shard++)
        {
            await SumAsync(keys.Counters(campaign.Id, shard), live);
            await SumAsync(keys.Held(campaign.Id, shard), held);
            pending += await streams.LengthAsync(campaign.Id, shard);
        }
        var flushed = (await votes.FlushedTalliesAsync(campaign.Id)).ToDictionary(t => t.CandidateId);
        var candidates = campaign.Candidates.Values
            .OrderBy(c => c.Number, StringComparer.Ordinal)
            .Select(c => new CandidateTotal(c.Id, c.Number, c.Name, c.Status, live.GetValueOrDefault(c.Id),
                flushed.GetValueOrDefault(c.Id)?.Votes ?? 0, held.GetValueOrDefault(c.Id), c.CategoryId))
            .ToArray();
        var totals = new CampaignTotals(campaign.Id, now, candidates, new FlushState(
            live.Values.Sum(), flushed.Values.Sum(t => t.Votes), pending, held.Values.Sum(), flushed.Values.Sum(t => t.Pending)));
        _cache[campaign.Id] = totals;
        return totals;
    }

    private async Task SumAsync(StackExchange.Redis.RedisKey key, Dictionary<long, long> into)
    {
        foreach (var entry in await redis.RunAsync(db => db.HashGetAllAsync(key)))
        {
            var candidate = long.Parse((string)entry.Name!, CultureInfo.InvariantCulture);
            into[candidate] = into.GetValueOrDefault(candidate) + (long)entry.Value;
        }
    }
}
