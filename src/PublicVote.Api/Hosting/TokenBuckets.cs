using System.Collections.Concurrent;

namespace PublicVote.Api.Hosting;

/// <summary>
/// One token bucket per key, refilled lazily when touched: <paramref name="perPeriod"/> tokens at the start of every
/// <paramref name="period"/>, up to <paramref name="burst"/>. Nothing walks the buckets on a timer (the framework's
/// partitioned limiter did, every 100 ms, over every voter seen: a fifth of the API's CPU under load). A bucket that
/// has refilled to full holds no information, so a sweep every refill time drops it: memory is bounded by the keys
/// active in about the last two refill times.
/// </summary>
public sealed class TokenBuckets<TKey>
    where TKey : notnull
{
    // A bucket's state is one long, (period index << TokenBits) | tokens, so taking a token is a single CAS.
    private const int TokenBits = 24;
    private const long TokenMask = (1L << TokenBits) - 1;
    private const long Dead = -1; // swept: the next taker replaces the bucket

    private readonly ConcurrentDictionary<TKey, Bucket> _buckets = new();
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly long _periodTicks;
    private readonly long _sweepTicks;
    private readonly int _burst;
    private readonly int _perPeriod;
    private readonly long _periodsToFull;
    private long _nextSweep;
    private int _sweeping;

    public TokenBuckets(int burst, int perPeriod, TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(burst, (int)TokenMask);
        ArgumentOutOfRangeException.ThrowIfLessThan(perPeriod, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        (_burst, _perPeriod, _time) = (burst, perPeriod, time);
        _origin = time.GetTimestamp();
        _periodTicks = Math.Max(1, (long)(period.TotalSeconds * time.TimestampFrequency));
        _periodsToFull = (burst + perPeriod - 1) / perPeriod;
        _sweepTicks = (long)Math.Clamp(_periodsToFull * (double)_periodTicks, time.TimestampFrequency, 60.0 * time.TimestampFrequency);
        _nextSweep = _origin + _sweepTicks;
    }

    /// <summary>Keys currently tracked (full buckets not yet swept included).</summary>
    public int Count => _buckets.Count;

    /// <summary>Takes one token from the key's bucket; when it is empty, says how long until the next refill.</summary>
    public bool TryTake(TKey key, out TimeSpan retryAfter)
    {
        var now = _time.GetTimestamp();
        var period = (now - _origin) / _periodTicks;
        MaybeSweep(now);
        while (true)
        {
            var bucket = _buckets.GetOrAdd(key, static (_, full) => new Bucket(full), Pack(period, _burst));
            var state = Volatile.Read(ref bucket.State);
            if (state == Dead)
            {
                _buckets.TryRemove(KeyValuePair.Create(key, bucket));
                continue;
            }
            // Another thread may have stored a later period than the one read here; time never goes back.
            var at = Math.Max(period, state >> TokenBits);
            var tokens = TokensAt(state, at);
            if (tokens == 0)
            {
                retryAfter = _time.GetElapsedTime(now, _origin + ((at + 1) * _periodTicks));
                return false;
            }
            if (Interlocked.CompareExchange(ref bucket.State, Pack(at, tokens - 1), state) == state)
            {
                retryAfter = TimeSpan.Zero;
                return true;
            }
        }
    }

    /// <summary>Drops the buckets that are full again. Returns how many were dropped.</summary>
    public int Sweep()
    {
        var period = (_time.GetTimestamp() - _origin) / _periodTicks;
        var dropped = 0;
        foreach (var (key, bucket) in _buckets)
        {
            var state = Volatile.Read(ref bucket.State);
            if (state != Dead && TokensAt(state, period) == _burst
                && Interlocked.CompareExchange(ref bucket.State, Dead, state) == state)
            {
                _buckets.TryRemove(KeyValuePair.Create(key, bucket));
                dropped++;
            }
        }
        return dropped;
    }

    private void MaybeSweep(long now)
    {
        var next = Volatile.Read(ref _nextSweep);
        if (now < next || Interlocked.CompareExchange(ref _nextSweep, now + _sweepTicks, next) != next
            || Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }
        ThreadPool.UnsafeQueueUserWorkItem(static self =>
        {
            try
            {
                self.Sweep();
            }
            finally
            {
                Volatile.Write(ref self._sweeping, 0);
            }
        }, this, preferLocal: false);
    }

    private long TokensAt(long state, long period)
    {
        var elapsed = Math.Max(0, period - (state >> TokenBits));
        var tokens = state & TokenMask;
        return elapsed >= _periodsToFull ? _burst : Math.Min(_burst, tokens + (elapsed * _perPeriod));
    }

    private static long Pack(long period, long tokens) => (period << TokenBits) | tokens;

    private sealed class Bucket(long state)
    {
        public long State = state;
    }
}
