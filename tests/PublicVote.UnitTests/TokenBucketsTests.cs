using PublicVote.Api.Hosting;

namespace PublicVote.UnitTests;

public sealed class TokenBucketsTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void ABurstIsAdmittedThenRefusedUntilTheNextRefill()
    {
        var buckets = new TokenBuckets<string>(burst: 3, perPeriod: 1, TimeSpan.FromSeconds(1), _clock);
        for (var i = 0; i < 3; i++)
        {
            Assert.True(buckets.TryTake("a", out _));
        }
        _clock.Advance(TimeSpan.FromMilliseconds(400));
        Assert.False(buckets.TryTake("a", out var retryAfter));
        Assert.Equal(TimeSpan.FromMilliseconds(600), retryAfter);
        Assert.True(buckets.TryTake("b", out _), "another key has its own bucket");

        _clock.Advance(TimeSpan.FromMilliseconds(600));
        Assert.True(buckets.TryTake("a", out _));
        Assert.False(buckets.TryTake("a", out _));
    }

    [Fact]
    public void RefillsAddUpToTheBurstAndNoMore()
    {
        var buckets = new TokenBuckets<string>(burst: 5, perPeriod: 2, TimeSpan.FromSeconds(1), _clock);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(buckets.TryTake("a", out _));
        }
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, TakeAll(buckets, "a"));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, TakeAll(buckets, "a"));
    }

    [Fact]
    public void ASweepDropsOnlyTheBucketsThatAreFullAgain()
    {
        var buckets = new TokenBuckets<string>(burst: 4, perPeriod: 2, TimeSpan.FromSeconds(1), _clock);
        Assert.True(buckets.TryTake("idle", out _));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(4, TakeAll(buckets, "busy"));
        buckets.Sweep();
        Assert.Equal(1, buckets.Count);

        Assert.Equal(0, TakeAll(buckets, "busy"));
        Assert.Equal(4, TakeAll(buckets, "idle"));
    }

    [Fact]
    public void ConcurrentTakersNeverGetMoreThanTheBurst()
    {
        var buckets = new TokenBuckets<string>(burst: 1000, perPeriod: 1, TimeSpan.FromDays(1), _clock);
        var admitted = 0;
        Parallel.For(0, 4000, (_, _) =>
        {
            if (buckets.TryTake("a", out _))
            {
                Interlocked.Increment(ref admitted);
            }
        });
        Assert.Equal(1000, admitted);
    }

    private static int TakeAll(TokenBuckets<string> buckets, string key)
    {
        var taken = 0;
        while (buckets.TryTake(key, out _))
        {
            taken++;
        }
        return taken;
    }

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
