using System.Globalization;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.AntiFraud.Signals;
using PublicVote.Api.Features.Voting;
using StackExchange.Redis;

namespace PublicVote.Api.Storage.Redis;

public enum VoteStatus
{
    Accepted = 1,
    Replayed = 2,
    DailyLimitReached = 3,
    CandidateLimitReached = 4,
    IdempotencyKeyReused = 5,
    CategoryLimitReached = 6,
}

public sealed record VoteCommand(
    long CampaignId, int Shard, string Voter, long CandidateId, int DailyLimit, int PerCandidateLimit,
    LocalDay Day, DateTimeOffset Now, string? IdempotencyKey, string ClientIp, string UserAgentHash,
    VoteSignals? Signals = null)
{
    /// <summary>The candidate's category, counted against <see cref="PerCategoryLimit"/> (0: the campaign has none).</summary>
    public long CategoryId { get; init; }

    public int PerCategoryLimit { get; init; }
}

/// <summary>A voter's day: the candidates voted for, in order, and the per-category counts the script enforces.</summary>
public sealed record VoterDay(IReadOnlyList<long> Votes, IReadOnlyDictionary<long, int> PerCategory);

/// <summary>What the request tells the anti-fraud signals (the rest is read in the script): null when they are off.</summary>
public sealed record VoteSignals(string IpPrefix, VoteTokenCheck Token);

public readonly record struct VoteOutcome(VoteStatus Status, int RemainingToday, string StreamId, long CandidateId);

/// <summary>The vote hot path: one EVALSHA per vote, and the read of a voter's day.</summary>
public sealed class VoteStore(RedisConnection redis, RedisKeys keys, IOptions<VotingOptions> options, IOptions<AntiFraudOptions> antiFraud)
{
    private static readonly RedisScript VoteScript = RedisScript.Load("vote.lua");
    private static readonly TimeSpan KeepDays = TimeSpan.FromDays(2);

    public async Task<VoteOutcome> CastAsync(VoteCommand vote)
    {
        var (c, s) = (vote.CampaignId, vote.Shard);
        var minute = vote.Now.ToUnixTimeSeconds() / 60;
        RedisKey[] redisKeys = vote.IdempotencyKey is null
            ? [keys.VotesOfDay(c, s, vote.Day.Key), keys.Counters(c, s), keys.MinuteBucket(c, s, minute), keys.Log(c, s)]
            : [keys.VotesOfDay(c, s, vote.Day.Key), keys.Counters(c, s), keys.MinuteBucket(c, s, minute), keys.Log(c, s),
               keys.Idempotency(c, s, vote.Voter, vote.IdempotencyKey)];
        // Expiries are relative to the caller's clock, so a test clock far from Redis's clock still works.
        var dayTtl = (long)(vote.Day.EndsAt - vote.Now + KeepDays).TotalSeconds;
        RedisValue[] args =
        [
            vote.Voter, vote.CandidateId, vote.DailyLimit, vote.PerCandidateLimit, dayTtl,
            (long)KeepDays.TotalSeconds + 60, (long)options.Value.IdempotencyKeyLifetime.TotalSeconds,
            vote.Now.ToUnixTimeMilliseconds(), vote.Day.Key, vote.ClientIp, vote.UserAgentHash,
            vote.CategoryId, vote.PerCategoryLimit,
        ];
        if (vote.Signals is { } signals)
        {
            (redisKeys, args) = WithSignals(vote, signals, redisKeys, args);
        }
        var result = await redis.EvaluateAsync(VoteScript, redisKeys, args).ConfigureAwait(false);
        return new VoteOutcome(
            (VoteStatus)result[0].AsInt64(),
            (int)result[1].AsInt64(),
            result[2].AsString() ?? "",
            result[3].AsInt64());
    }

    /// <summary>The anti-fraud keys and arguments appended to the script call (vote.lua's header lists them).</summary>
    private (RedisKey[] Keys, RedisValue[] Args) WithSignals(VoteCommand vote, VoteSignals signals, RedisKey[] redisKeys, RedisValue[] args)
    {
        var (c, s, o) = (vote.CampaignId, vote.Shard, antiFraud.Value);
        var hour = vote.Now.ToUnixTimeSeconds() / 3600;
        var valid = signals.Token.State == VoteTokenState.Valid;
        RedisKey[] extraKeys = valid
            ? [keys.FirstSeen(c, s), keys.Surge(c, s), keys.Held(c, s), keys.PrefixNewVoters(c, s, hour, signals.IpPrefix),
               keys.VoteTokenUsed(c, s, signals.Token.Nonce)]
            : [keys.FirstSeen(c, s), keys.Surge(c, s), keys.Held(c, s), keys.PrefixNewVoters(c, s, hour, signals.IpPrefix)];
        RedisValue token = signals.Token.State switch
        {
            VoteTokenState.Valid => signals.Token.IssuedAt.ToUnixTimeMilliseconds(),
            VoteTokenState.Invalid => "i",
            _ => "",
        };
        RedisValue[] extraArgs =
        [
            redisKeys.Length + 1, signals.IpPrefix, (long)o.FreshVoterAge.TotalMilliseconds, token,
            (long)o.VoteTokenLifetime.TotalSeconds, (long)o.ShortDwell.TotalMilliseconds, o.HotPrefixNewVoters, o.HoldScore,
            PrefixWindowTtlSeconds,
        ];
        return ([.. redisKeys, .. extraKeys], [.. args, .. extraArgs]);
    }

    /// <summary>The new-voter HyperLogLogs count one hour; they are kept one more for the hour that just ended.</summary>
    private const long PrefixWindowTtlSeconds = 2 * 3600;

    /// <summary>The candidates a voter voted for on a day, in order (a candidate repeats if voted twice).</summary>
    public async Task<IReadOnlyList<long>> VotesOfDayAsync(long campaignId, int shard, string voter, LocalDay day)
    {
        var list = await redis.RunAsync(db => db.HashGetAsync(keys.VotesOfDay(campaignId, shard, day.Key), voter)).ConfigureAwait(false);
        return ParseList(list);
    }

    /// <summary>The voter's day with the per-category counters of <paramref name="categoryIds"/>, in one HMGET.</summary>
    public async Task<VoterDay> VoterDayAsync(long campaignId, int shard, string voter, LocalDay day, IReadOnlyList<long> categoryIds)
    {
        RedisValue[] fields = [voter, .. categoryIds.Select(k => (RedisValue)RedisKeys.VoterCategoryField(voter, k))];
        var values = await redis.RunAsync(db => db.HashGetAsync(keys.VotesOfDay(campaignId, shard, day.Key), fields)).ConfigureAwait(false);
        var perCategory = categoryIds.Select((k, i) => (k, Count: values[i + 1].IsNull ? 0 : (int)values[i + 1]))
            .ToDictionary(c => c.k, c => c.Count);
        return new VoterDay(ParseList(values[0]), perCategory);
    }

    private static long[] ParseList(RedisValue list) => list.IsNullOrEmpty
        ? []
        : ((string)list!).Split(',').Select(c => long.Parse(c, CultureInfo.InvariantCulture)).ToArray();
}
