using System.Collections.Concurrent;
using System.Globalization;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Storage.Redis;
using PublicVote.Api.Storage.Sql;

namespace PublicVote.Api.Features.Organizers;

public sealed record CandidateTotal(long CandidateId, string Number, string Name, string Status, long Votes, long FlushedVotes, long CategoryId);

/// <param name="VotesInRedis">Accepted votes (the live counters, summed over shards).</param>
/// <param name="VotesInPostgres">Votes in the durable log (flushed totals).</param>
/// <param name="PendingInStreams">Accepted votes still waiting in the shard streams.</param>
public sealed record FlushState(long VotesInRedis, long VotesInPostgres, long PendingInStreams);

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
        long pending = 0;
        for (var shard = 0; shard < campaign.RedisShards; shard++)
        {
            var counters = await redis.RunAsync(db => db.HashGetAllAsync(keys.Counters(campaign.Id, shard)));
            foreach (var entry in counters)
            {
                var candidate = long.Parse((string)entry.Name!, CultureInfo.InvariantCulture);
                live[candidate] = live.GetValueOrDefault(candidate) + (long)entry.Value;
            }
            pending += await streams.LengthAsync(campaign.Id, shard);
        }
        var flushed = (await votes.FlushedTotalsAsync(campaign.Id)).ToDictionary(t => t.CandidateId, t => t.Votes);
        var candidates = campaign.Candidates.Values
            .OrderBy(c => c.Number, StringComparer.Ordinal)
            .Select(c => new CandidateTotal(c.Id, c.Number, c.Name, c.Status, live.GetValueOrDefault(c.Id), flushed.GetValueOrDefault(c.Id), c.CategoryId))
            .ToArray();
        var totals = new CampaignTotals(campaign.Id, now, candidates,
            new FlushState(live.Values.Sum(), flushed.Values.Sum(), pending));
        _cache[campaign.Id] = totals;
        return totals;
    }
}
