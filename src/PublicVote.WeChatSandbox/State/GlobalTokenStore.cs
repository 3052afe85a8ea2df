using PublicVote.WeChatSandbox.Wire;

namespace PublicVote.WeChatSandbox.State;

public sealed record IssuedToken(string AccessToken, int ExpiresIn);

/// <summary>
/// Global access tokens (wechat-protocol.md §3). /cgi-bin/token issues a new token per call and the previous one
/// stays valid 5 more minutes; /cgi-bin/stable_token keeps its own, isolated token, returned unchanged while more
/// than 5 minutes are left, force-refreshable at most every 30 s and 20 times a day.
/// </summary>
public sealed class GlobalTokenStore(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);
    public static readonly TimeSpan Handover = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ForceSpacing = TimeSpan.FromSeconds(30);
    public const int ForceRefreshesPerDay = 20;

    // WeChat's quota day is the Beijing day.
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Validity> _tokens = new(StringComparer.Ordinal);
    private string? _classic;
    private string? _stable;
    private DateTimeOffset _lastForce = DateTimeOffset.MinValue;
    private DateOnly _forceDay;
    private int _forcesToday;

    public IssuedToken IssueClassic()
    {
        lock (_gate)
        {
            _classic = Replace(_classic);
            return new IssuedToken(_classic, (int)Lifetime.TotalSeconds);
        }
    }

    /// <summary>Null when the day's force refreshes are used up (45009).</summary>
    public IssuedToken? Stable(bool forceRefresh)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var remaining = _stable is null ? TimeSpan.Zero : _tokens[_stable].ExpiresAt - now;
            if (forceRefresh && now - _lastForce >= ForceSpacing)
            {
                if (!TryCountForce(now))
                {
                    return null;
                }
                _lastForce = now;
                _stable = Replace(_stable);
                remaining = Lifetime;
            }
            else if (remaining < Handover)
            {
                // Renewed 5 minutes early; the old token keeps its own (short) remaining life.
                _stable = Issue(now);
                remaining = Lifetime;
            }
            return new IssuedToken(_stable!, (int)remaining.TotalSeconds);
        }
    }

    /// <summary>Valid, Expired (42001), or Unknown (40001: never issued, or superseded past the handover).</summary>
    public TokenState Check(string accessToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (!_tokens.TryGetValue(accessToken, out var validity) || validity.SupersededUntil <= now)
            {
                return TokenState.Unknown;
            }
            return now < validity.ExpiresAt ? TokenState.Valid : TokenState.Expired;
        }
    }

    private string Replace(string? previous)
    {
        var now = time.GetUtcNow();
        if (previous is not null)
        {
            _tokens[previous] = _tokens[previous] with { SupersededUntil = now + Handover };
        }
        return Issue(now);
    }

    private string Issue(DateTimeOffset now)
    {
        var token = SandboxIds.Token();
        _tokens[token] = new Validity(now + Lifetime, DateTimeOffset.MaxValue);
        return token;
    }

    private bool TryCountForce(DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.ToOffset(Beijing).DateTime);
        if (day != _forceDay)
        {
            _forceDay = day;
            _forcesToday = 0;
        }
        return ++_forcesToday <= ForceRefreshesPerDay;
    }

    private sealed record Validity(DateTimeOffset ExpiresAt, DateTimeOffset SupersededUntil);
}
