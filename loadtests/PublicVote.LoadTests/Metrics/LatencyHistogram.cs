namespace PublicVote.LoadTests.Metrics;

/// <summary>
/// A log-linear histogram of non-negative values (microseconds here), in the spirit of HdrHistogram (which does
/// not restore here). Values below 256 are exact; above, each power of two is split into 128 linear sub-buckets,
/// so a bucket spans at most 1/128 of its values: any reported percentile is within 0.8 % of the true one.
/// Recording is allocation-free and thread-safe (one interlocked add); histograms of equal shape merge by adding.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 8;
    private const int SubCount = 1 << SubBits;
    private const int HalfCount = SubCount / 2;
    // 2^40 µs is ~12.7 days: longer values are clamped into the last bucket (the exact max is kept apart).
    private const int MaxExponent = 40;

    private readonly long[] _counts = new long[SubCount + ((MaxExponent - SubBits + 1) * HalfCount)];
    private long _total;
    private long _max;
    private long _min = long.MaxValue;
    private long _sum;

    public static long HighestTrackable => (1L << (MaxExponent + 1)) - 1;

    public long Count => Interlocked.Read(ref _total);

    public long Max => Count == 0 ? 0 : Interlocked.Read(ref _max);

    public long Min => Count == 0 ? 0 : Interlocked.Read(ref _min);

    public double Mean => Count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / Count;

    public void Record(long value)
    {
        if (value < 0)
        {
            value = 0;
        }
        Interlocked.Increment(ref _counts[IndexOf(Math.Min(value, HighestTrackable))]);
        Interlocked.Increment(ref _total);
        Interlocked.Add(ref _sum, value);
        UpdateMax(value);
        UpdateMin(value);
    }

    /// <summary>The value at or below which <paramref name="percentile"/> % of the recorded values lie (upper edge of its bucket, never above the max).</summary>
    public long ValueAtPercentile(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var total = Count;
        if (total == 0)
        {
            return 0;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Clamp(HighestInBucket(i), Min, Max);
            }
        }
        return Max;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            var c = Interlocked.Read(ref other._counts[i]);
            if (c != 0)
            {
                Interlocked.Add(ref _counts[i], c);
            }
        }
        if (other.Count == 0)
        {
            return;
        }
        Interlocked.Add(ref _total, other.Count);
        Interlocked.Add(ref _sum, Interlocked.Read(ref other._sum));
        UpdateMax(other.Max);
        UpdateMin(other.Min);
    }

    internal static int IndexOf(long value)
    {
        if (value < SubCount)
        {
            return (int)value;
        }
        var exponent = 63 - (int)long.LeadingZeroCount(value);
        var shift = exponent - (SubBits - 1);
        var sub = (int)(value >> shift) - HalfCount;
        return SubCount + ((exponent - SubBits) * HalfCount) + sub;
    }

    internal static long LowestInBucket(int index)
    {
        if (index < SubCount)
        {
            return index;
        }
        var exponent = ((index - SubCount) / HalfCount) + SubBits;
        var sub = ((index - SubCount) % HalfCount) + HalfCount;
        return (long)sub << (exponent - (SubBits - 1));
    }

    internal static long HighestInBucket(int index) =>
        index < SubCount ? index : LowestInBucket(index + 1) - 1;

    private void UpdateMax(long value)
    {
        var current = Interlocked.Read(ref _max);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    private void UpdateMin(long value)
    {
        var current = Interlocked.Read(ref _min);
        while (value < current)
        {
            var seen = Interlocked.CompareExchange(ref _min, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
