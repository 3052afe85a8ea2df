using System.Collections.Concurrent;
using PublicVote.WeChatSandbox.Wire;

namespace PublicVote.WeChatSandbox.State;

/// <summary>What a code stands for once the user approved.</summary>
public sealed record Grant(string OpenId, string Scope, bool Snapshot);

public enum Redemption
{
    Redeemed,
    Unknown,
    Used,
    Expired,
}

/// <summary>Authorization codes: single use, expiring 5 minutes after issue (wechat-protocol.md §1.4).</summary>
public sealed class CodeStore(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<string, Entry> _codes = new(StringComparer.Ordinal);
    private long _issued;

    public string Issue(Grant grant)
    {
        var code = SandboxIds.Code();
        _codes[code] = new Entry(grant, time.GetUtcNow());
        if (Interlocked.Increment(ref _issued) % SweepEvery == 0)
        {
            Sweep();
        }
        return code;
    }

    public Redemption Redeem(string code, out Grant? grant)
    {
        grant = null;
        if (!_codes.TryGetValue(code, out var entry))
        {
            return Redemption.Unknown;
        }
        if (Volatile.Read(ref entry.Used) == 1)
        {
            return Redemption.Used;
        }
        if (time.GetUtcNow() - entry.IssuedAt >= Lifetime)
        {
            return Redemption.Expired;
        }
        if (Interlocked.Exchange(ref entry.Used, 1) == 1)
        {
            return Redemption.Used;
        }
        grant = entry.Grant;
        return Redemption.Redeemed;
    }

    // Keeps memory flat under load tests; a used code is remembered an hour so a late duplicate still gets 40163.
    private void Sweep()
    {
        var cutoff = time.GetUtcNow() - TimeSpan.FromHours(1);
        foreach (var (code, entry) in _codes)
        {
            if (entry.IssuedAt < cutoff)
            {
                _codes.TryRemove(code, out _);
            }
        }
    }

    private sealed class Entry(Grant grant, DateTimeOffset issuedAt)
    {
        public int Used;

        public Grant Grant { get; } = grant;

        public DateTimeOffset IssuedAt { get; } = issuedAt;
    }
}
