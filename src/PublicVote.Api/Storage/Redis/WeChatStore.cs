using System.Globalization;
using StackExchange.Redis;

namespace PublicVote.Api.Storage.Redis;

/// <summary>A WeChat credential (global token or jsapi ticket) as shared between nodes.</summary>
public sealed record SharedCredential(string Value, DateTimeOffset ExpiresAt)
{
    public string Serialized => string.Create(CultureInfo.InvariantCulture, $"{ExpiresAt.ToUnixTimeMilliseconds()}|{Value}");

    public static SharedCredential? Parse(string? stored)
    {
        if (stored is null)
        {
            return null;
        }
        var bar = stored.IndexOf('|', StringComparison.Ordinal);
        return bar > 0 && long.TryParse(stored.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? new SharedCredential(stored[(bar + 1)..], DateTimeOffset.FromUnixTimeMilliseconds(ms))
            : null;
    }
}

/// <summary>What the WeChat feature keeps in Redis: shared credentials with their refresh lock, exchanged codes, first-seen times.</summary>
public sealed class WeChatStore(RedisConnection redis, RedisKeys keys)
{
    private static readonly RedisScript DeleteIfEqual = RedisScript.Load("delete_if_equal.lua");

    public async Task<SharedCredential?> GetCredentialAsync(string appId, string name) =>
        SharedCredential.Parse(await redis.RunAsync(db => db.StringGetAsync(keys.WeChatCredential(appId, name))));

    /// <summary>Stores a credential until it expires; the old value stays readable to the last moment.</summary>
    public Task SetCredentialAsync(string appId, string name, SharedCredential credential, TimeSpan lifetime) =>
        redis.RunAsync(db => db.StringSetAsync(keys.WeChatCredential(appId, name), credential.Serialized, lifetime));

    /// <summary>Drops a credential WeChat refused, unless another node already replaced it.</summary>
    public Task DropCredentialAsync(string appId, string name, SharedCredential stale) =>
        redis.RunAsync(db => DeleteIfEqual.EvaluateAsync(db, [keys.WeChatCredential(appId, name)], [stale.Serialized]));

    public Task<bool> TryLockRefreshAsync(string appId, string name, string owner, TimeSpan hold) =>
        redis.RunAsync(db => db.StringSetAsync(keys.WeChatRefreshLock(appId, name), owner, hold, When.NotExists));

    public Task ReleaseRefreshAsync(string appId, string name, string owner) =>
        redis.RunAsync(db => DeleteIfEqual.EvaluateAsync(db, [keys.WeChatRefreshLock(appId, name)], [owner]));

    public async Task<string?> GetExchangedCodeAsync(string codeHash) =>
        await redis.RunAsync(db => db.StringGetAsync(keys.WeChatExchangedCode(codeHash)));

    public Task RememberExchangedCodeAsync(string codeHash, string result, TimeSpan window) =>
        redis.RunAsync(db => db.StringSetAsync(keys.WeChatExchangedCode(codeHash), result, window));

    /// <summary>Records the voter's first login for the campaign; later logins keep the first time.</summary>
    public Task<bool> RecordFirstSeenAsync(long campaignId, int shard, string voter, DateTimeOffset now) =>
        redis.RunAsync(db => db.HashSetAsync(keys.FirstSeen(campaignId, shard), voter, now.ToUnixTimeMilliseconds(), When.NotExists));

    public async Task<DateTimeOffset?> FirstSeenAsync(long campaignId, int shard, string voter)
    {
        var ms = await redis.RunAsync(db => db.HashGetAsync(keys.FirstSeen(campaignId, shard), voter));
        return ms.IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }
}
