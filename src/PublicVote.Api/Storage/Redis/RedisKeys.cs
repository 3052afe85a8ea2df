using StackExchange.Redis;

namespace PublicVote.Api.Storage.Redis;

/// <summary>
/// Every Redis key shape in one place. All keys of one campaign shard share the hash tag
/// <c>{c:&lt;campaign&gt;:&lt;shard&gt;}</c>, so the vote script touches a single Redis Cluster slot.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    private string Tag(long campaignId, int shard) => $"{Prefix}:{{c:{campaignId}:{shard}}}";

    /// <summary>
    /// HASH voter → comma list of the candidates voted that local day (daily and per-candidate limits, /me), and,
    /// in campaigns with a per-category limit, <see cref="VoterCategoryField"/> → the voter's votes in that category.
    /// </summary>
    public RedisKey VotesOfDay(long campaignId, int shard, int day) => $"{Tag(campaignId, shard)}:d:{day}";

    /// <summary>"voter#category": a field of <see cref="VotesOfDay"/>; vote.lua builds the same string.</summary>
    public static string VoterCategoryField(string voter, long categoryId) => $"{voter}#{categoryId}";

    /// <summary>HASH candidate → accepted votes, this shard's part of the live totals.</summary>
    public RedisKey Counters(long campaignId, int shard) => $"{Tag(campaignId, shard)}:n";

    /// <summary>HASH candidate → votes in that minute (unix minute), the anti-fraud burst buckets.</summary>
    public RedisKey MinuteBucket(long campaignId, int shard, long unixMinute) => $"{Tag(campaignId, shard)}:m:{unixMinute}";

    /// <summary>STRING "candidate|remaining|stream id": the first result for a voter's Idempotency-Key.</summary>
    public RedisKey Idempotency(long campaignId, int shard, string voter, string key) => $"{Tag(campaignId, shard)}:i:{voter}:{key}";

    /// <summary>STREAM of accepted votes waiting for the flusher (one field per vote, 'e' or 's' with the signals: see vote.lua and docs/flushing.md).</summary>
    public RedisKey Log(long campaignId, int shard) => $"{Tag(campaignId, shard)}:log";

    /// <summary>HASH voter → unix ms of their first WeChat login for the campaign (an anti-fraud signal: fresh voters).</summary>
    public RedisKey FirstSeen(long campaignId, int shard) => $"{Tag(campaignId, shard)}:f";

    /// <summary>HASH candidate → votes held for review (status pending): accepted, not in the public tally.</summary>
    public RedisKey Held(long campaignId, int shard) => $"{Tag(campaignId, shard)}:h";

    /// <summary>HASH candidate → "until unix ms:since unix ms": surge mode, set by the detector host on every shard.</summary>
    public RedisKey Surge(long campaignId, int shard) => $"{Tag(campaignId, shard)}:z";

    /// <summary>HYPERLOGLOG of the fresh voters seen in one IP prefix in one unix hour (2 h).</summary>
    public RedisKey PrefixNewVoters(long campaignId, int shard, long unixHour, string prefix) => $"{Tag(campaignId, shard)}:x:{unixHour}:{prefix}";

    /// <summary>STRING marker that a vote token (by its nonce) was used, for the token's lifetime: tokens are single use.</summary>
    public RedisKey VoteTokenUsed(long campaignId, int shard, string nonce) => $"{Tag(campaignId, shard)}:t:{nonce}";

    /// <summary>STRING marker that a live-counter adjustment (void / restore) was applied, so a retry applies it once.</summary>
    public RedisKey AdjustmentApplied(long campaignId, int shard, long adjustmentId) => $"{Tag(campaignId, shard)}:a:{adjustmentId}";

    /// <summary>STRING "expires unix ms|value": the account's global token or jsapi ticket, shared by every node.</summary>
    public RedisKey WeChatCredential(string appId, string name) => $"{Prefix}:wx:{appId}:{name}";

    /// <summary>STRING owner id: held (with an expiry) by the one node refreshing that credential.</summary>
    public RedisKey WeChatRefreshLock(string appId, string name) => $"{Prefix}:wx:{appId}:{name}:lock";

    /// <summary>STRING the result of exchanging an OAuth code (keyed by its hash), to answer WeChat's duplicate callbacks.</summary>
    public RedisKey WeChatExchangedCode(string codeHash) => $"{Prefix}:wx:code:{codeHash}";
}
