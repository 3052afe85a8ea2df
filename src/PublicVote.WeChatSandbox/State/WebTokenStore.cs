using System.Collections.Concurrent;
using PublicVote.WeChatSandbox.Wire;

namespace PublicVote.WeChatSandbox.State;

/// <summary>A web-authorization (user) access token and what it was granted for.</summary>
public sealed record WebToken(string AccessToken, string RefreshToken, Grant Grant, DateTimeOffset ExpiresAt);

public enum TokenState
{
    Valid,
    Unknown,
    Expired,
}

/// <summary>
/// Web-authorization tokens (wechat-protocol.md §1.5–1.6): access tokens live 2 hours, refresh tokens 30 days;
/// refreshing a live access token extends it, refreshing an expired one issues a new one.
/// </summary>
public sealed class WebTokenStore(TimeProvider time)
{
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromHours(2);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(30);
    private const int SweepEvery = 4096;

    private readonly ConcurrentDictionary<string, WebToken> _byAccess = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RefreshEntry> _byRefresh = new(StringComparer.Ordinal);
    private long _issued;

    public WebToken Issue(Grant grant)
    {
        var now = time.GetUtcNow();
        var token = new WebToken(SandboxIds.Token(), SandboxIds.Token(), grant, now + AccessLifetime);
        _byAccess[token.AccessToken] = token;
        _byRefresh[token.RefreshToken] = new RefreshEntry(now + RefreshLifetime) { Current = token };
        if (Interlocked.Increment(ref _issued) % SweepEvery == 0)
        {
            Sweep(now);
        }
        return token;
    }

    public TokenState Find(string accessToken, out WebToken? token)
    {
        if (!_byAccess.TryGetValue(accessToken, out token))
        {
            return TokenState.Unknown;
        }
        return time.GetUtcNow() < token.ExpiresAt ? TokenState.Valid : TokenState.Expired;
    }

    public TokenState Refresh(string refreshToken, out WebToken? token)
    {
        token = null;
        if (!_byRefresh.TryGetValue(refreshToken, out var entry))
        {
            return TokenState.Unknown;
        }
        var now = time.GetUtcNow();
        if (now >= entry.ExpiresAt)
        {
            return TokenState.Expired;
        }
        lock (entry)
        {
            var current = entry.Current;
            var accessToken = now < current.ExpiresAt ? current.AccessToken : SandboxIds.Token();
            token = current with { AccessToken = accessToken, ExpiresAt = now + AccessLifetime };
            entry.Current = token;
            _byAccess[accessToken] = token;
        }
        return TokenState.Valid;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (accessToken, token) in _byAccess)
        {
            if (token.ExpiresAt < now - TimeSpan.FromHours(1))
            {
                _byAccess.TryRemove(accessToken, out _);
            }
        }
        // A refresh token answers "expired" (42002) for a day after it expires, then "invalid" (40030) once swept:
        // without this a long-running sandbox kept every refresh token ever issued.
        foreach (var (refreshToken, entry) in _byRefresh)
        {
            if (entry.ExpiresAt < now - TimeSpan.FromDays(1))
            {
                _byRefresh.TryRemove(refreshToken, out _);
            }
        }
    }

    private sealed class RefreshEntry(DateTimeOffset expiresAt)
    {
        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public required WebToken Current { get; set; }
    }
}
