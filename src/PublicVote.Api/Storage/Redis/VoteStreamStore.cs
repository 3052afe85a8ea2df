using System.Collections.Concurrent;
using System.Globalization;
using PublicVote.Api.Storage.Redis.Pipelined;
using StackExchange.Redis;

namespace PublicVote.Api.Storage.Redis;

/// <summary>
/// The anti-fraud signals of a vote as the script recorded them (empty when they were off): first seen and dwell
/// are null when unknown; token '' none, 'u' used, 'r' reused, 'i' invalid; status 'c' counted, 'p' held.
/// </summary>
public sealed record StreamSignals(string IpPrefix, long? FirstSeenMs, long? DwellMs, string Token, int PrefixNewVoters, string Status)
{
    public static readonly StreamSignals None = new("", null, null, "", 0, "c");

    public bool IsHeld => Status == "p";
}

/// <summary>One accepted vote as the hot path appended it to a shard stream.</summary>
public sealed record StreamVote(
    string Id, long CandidateId, string Voter, long VotedAtMs, int Day, string ClientIp, string UserAgentHash,
    StreamSignals? Signals = null)
{
    public StreamSignals SignalsOrNone => Signals ?? StreamSignals.None;

    public (long Ms, long Seq) StreamPosition
    {
        get
        {
            var dash = Id.IndexOf('-', StringComparison.Ordinal);
            return (long.Parse(Id.AsSpan(0, dash), CultureInfo.InvariantCulture),
                    long.Parse(Id.AsSpan(dash + 1), CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>The flusher's side of the shard streams: a consumer group, pending entries, take-over, ack + delete.</summary>
public sealed class VoteStreamStore(RedisConnection redis, RedisKeys keys)
{
    public const string Group = "flusher";
    private static readonly RedisScript AckScript = RedisScript.Load("ack.lua");
    private readonly ConcurrentDictionary<RedisKey, bool> _groupsKnown = new();

    public async Task EnsureGroupAsync(long campaignId, int shard)
    {
        var stream = keys.Log(campaignId, shard);
        if (_groupsKnown.ContainsKey(stream))
        {
            return;
        }
        try
        {
            // From id 0 so that votes appended before the group existed are flushed too.
            await redis.RunAsync(db => db.ExecuteAsync("XGROUP", "CREATE", stream, Group, "0", "MKSTREAM")).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another node (or an earlier run) created it.
        }
        _groupsKnown[stream] = true;
    }

    /// <summary>Entries delivered to this consumer earlier but not acknowledged (a failed flush), oldest first.</summary>
    public Task<IReadOnlyList<StreamVote>> ReadOwnPendingAsync(long campaignId, int shard, string consumer, int count) =>
        ReadGroupAsync(campaignId, shard, consumer, count, "0");

    public Task<IReadOnlyList<StreamVote>> ReadNewAsync(long campaignId, int shard, string consumer, int count) =>
        ReadGroupAsync(campaignId, shard, consumer, count, ">");

    /// <summary>Takes over entries another consumer (a dead node) has held longer than <paramref name="minIdle"/>.</summary>
    public async Task<IReadOnlyList<StreamVote>> ClaimIdleAsync(long campaignId, int shard, string consumer, TimeSpan minIdle, int count)
    {
        var stream = keys.Log(campaignId, shard);
        var reply = await GroupCommandAsync(stream, db => db.ExecuteAsync(
            "XAUTOCLAIM", stream, Group, consumer, (long)minIdle.TotalMilliseconds, "0-0", "COUNT", count)).ConfigureAwait(false);
        var (votes, _) = FromMultiplexer(((RedisResult[])reply!)[1]);
        return votes;
    }

    public async Task<long> AckAndDeleteAsync(long campaignId, int shard, IReadOnlyList<StreamVote> votes)
    {
        var args = new RedisValue[votes.Count + 1];
        args[0] = Group;
        for (var i = 0; i < votes.Count; i++)
        {
            args[i + 1] = votes[i].Id;
        }
        var stream = keys.Log(campaignId, shard);
        return (long)await redis.RunAsync(db => AckScript.EvaluateAsync(db, [stream], args)).ConfigureAwait(false);
    }

    /// <summary>Votes accepted but not yet flushed (and deleted) from one shard stream.</summary>
    public async Task<long> LengthAsync(long campaignId, int shard) =>
        (long)await redis.RunAsync(db => db.ExecuteAsync("XLEN", keys.Log(campaignId, shard))).ConfigureAwait(false);

    private async Task<IReadOnlyList<StreamVote>> ReadGroupAsync(long campaignId, int shard, string consumer, int count, string from)
    {
        var stream = keys.Log(campaignId, shard);
        // The bulk of the flusher's reads: parsed from the reply's bytes when a pipelined connection is live.
        var (votes, deleted) = await GroupCommandAsync(stream, () => redis.ExecuteAsync(
            "XREADGROUP", ["GROUP", Group, consumer, "COUNT", count, "STREAMS", (string)stream!, from],
            StreamEntries.FromReadGroup,
            static reply => reply.IsNull || ((RedisResult[])reply!).Length == 0
                ? ([], [])
                : FromMultiplexer(((RedisResult[])((RedisResult[])reply!)[0]!)[1]))).ConfigureAwait(false);
        if (deleted.Count > 0)
        {
            // Pending but gone from the stream: nothing to flush. Ack them, or the oldest pending entry would stay
            // stuck there and ack.lua could no longer trim below it.
            await redis.RunAsync(db => db.ExecuteAsync("XACK", [stream, Group, .. deleted])).ConfigureAwait(false);
        }
        return votes;
    }

    private Task<RedisResult> GroupCommandAsync(RedisKey stream, Func<IDatabase, Task<RedisResult>> command) =>
        GroupCommandAsync(stream, () => redis.RunAsync(command));

    private async Task<T> GroupCommandAsync<T>(RedisKey stream, Func<Task<T>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisServerException or RedisReplyException && ex.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
        {
            // The stream and its group vanished (FLUSHALL, a failover to an empty replica, a manual DEL). Forget the
            // group so the next round recreates it instead of failing until the process restarts.
            _groupsKnown.TryRemove(stream, out _);
            throw;
        }
    }

    /// <summary>The multiplexer's reply tree of an array of entries, read by the same field reader as the bytes.</summary>
    private static (List<StreamVote> Votes, List<string> Deleted) FromMultiplexer(RedisResult entries)
    {
        var (votes, deleted) = (new List<StreamVote>(), new List<string>());
        foreach (var entry in (RedisResult[])entries!)
        {
            var parts = (RedisResult[])entry!;
            if (parts[1].IsNull)
            {
                deleted.Add((string)parts[0]!);
                continue;
            }
            var values = (RedisValue[])parts[1]!;
            var fields = new StreamVoteFields();
            for (var i = 0; i + 1 < values.Length; i += 2)
            {
                fields.Set((byte[])values[i]!, (byte[]?)values[i + 1] ?? []);
            }
            votes.Add(fields.Build((string)parts[0]!));
        }
        return (votes, deleted);
    }
}
