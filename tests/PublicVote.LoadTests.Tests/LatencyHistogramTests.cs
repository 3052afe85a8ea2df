using PublicVote.LoadTests.Metrics;

namespace PublicVote.LoadTests.Tests;

public class LatencyHistogramTests
{
    [Fact]
    public void PercentilesOfAUniformSpreadAreWithinOnePercent()
    {
        var h = new LatencyHistogram();
        for (var v = 1; v <= 1_000_000; v++)
        {
            h.Record(v);
        }
        Assert.Equal(1_000_000, h.Count);
        foreach (var p in new[] { 50.0, 90, 99, 99.9 })
        {
            var expected = p / 100 * 1_000_000;
            var actual = h.ValueAtPercentile(p);
            Assert.InRange(actual, expected * 0.99, expected * 1.01);
        }
        Assert.Equal(1_000_000, h.ValueAtPercentile(100));
        Assert.Equal(1_000_000, h.Max);
        Assert.Equal(1, h.Min);
        Assert.Equal(500_000.5, h.Mean, 3);
    }

    [Fact]
    public void SmallValuesAreExact()
    {
        var h = new LatencyHistogram();
        foreach (var v in new long[] { 3, 3, 7, 200, 255 })
        {
            h.Record(v);
        }
        Assert.Equal(3, h.ValueAtPercentile(40));
        Assert.Equal(7, h.ValueAtPercentile(60));
        Assert.Equal(200, h.ValueAtPercentile(80));
        Assert.Equal(255, h.ValueAtPercentile(100));
    }

    [Fact]
    public void EveryBucketHoldsItsValuesAndSpansAtMostOneHundredTwentyEighthOfThem()
    {
        for (long v = 1; v < LatencyHistogram.HighestTrackable; v = (v * 3 / 2) + 1)
        {
            var i = LatencyHistogram.IndexOf(v);
            var low = LatencyHistogram.LowestInBucket(i);
            var high = LatencyHistogram.HighestInBucket(i);
            Assert.InRange(v, low, high);
            Assert.True(high - low + 1 <= Math.Max(1, low / 128.0), $"bucket of {v}: {low}..{high}");
            Assert.Equal(i + 1, LatencyHistogram.IndexOf(high + 1));
        }
    }

    [Fact]
    public void MergedHistogramsEqualOneHistogramOfAllValues()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var all = new LatencyHistogram();
        var random = new Random(42);
        for (var i = 0; i < 50_000; i++)
        {
            var v = (long)Math.Exp(random.NextDouble() * 14);
            (i % 3 == 0 ? a : b).Record(v);
            all.Record(v);
        }
        var merged = new LatencyHistogram();
        merged.Add(a);
        merged.Add(b);
        Assert.Equal(all.Count, merged.Count);
        Assert.Equal(all.Max, merged.Max);
        Assert.Equal(all.Min, merged.Min);
        foreach (var p in new[] { 1.0, 50, 90, 99, 99.9, 100 })
        {
            Assert.Equal(all.ValueAtPercentile(p), merged.ValueAtPercentile(p));
        }
    }

    [Fact]
    public void ConcurrentRecordingLosesNothing()
    {
        var h = new LatencyHistogram();
        Parallel.For(0, 8, _ =>
        {
            for (var v = 0; v < 100_000; v++)
            {
                h.Record(v);
            }
        });
        Assert.Equal(800_000, h.Count);
        Assert.Equal(99_999, h.Max);
    }

    [Fact]
    public void AnEmptyHistogramReportsZeros()
    {
        var h = new LatencyHistogram();
        Assert.Equal(0, h.ValueAtPercentile(99));
        Assert.Equal(0, h.Max);
        Assert.Equal(0, h.Min);
    }
}
