using PublicVote.LoadTests;
using PublicVote.LoadTests.Engine;

namespace PublicVote.LoadTests.Tests;

public class ArrivalScheduleTests
{
    private static readonly TimeSpan Forever = TimeSpan.FromHours(1);

    [Fact]
    public void AConstantRateSpacesArrivalsEvenly()
    {
        var schedule = new ArrivalSchedule([RatePhase.Constant("plateau", TimeSpan.FromSeconds(2), 100)]);
        var arrivals = schedule.Arrivals(long.MaxValue, Forever).ToList();
        Assert.Equal(200, arrivals.Count);
        Assert.Equal(200, schedule.TotalArrivals);
        for (var k = 0; k < arrivals.Count; k++)
        {
            Assert.Equal(k, arrivals[k].Index);
            // TimeSpan keeps 100 ns ticks: microsecond precision is what counts.
            Assert.Equal(k * 10.0, arrivals[k].Offset.TotalMilliseconds, 3);
        }
    }

    [Fact]
    public void ALinearRampFollowsTheIntegralOfItsRate()
    {
        // Rate 0 -> 100/s over 2 s: N(t) = 25 t^2, so arrival k is due at sqrt(k / 25).
        var schedule = new ArrivalSchedule([RatePhase.Ramp("ramp", TimeSpan.FromSeconds(2), 0, 100)]);
        var arrivals = schedule.Arrivals(long.MaxValue, Forever).ToList();
        Assert.Equal(100, arrivals.Count);
        foreach (var a in arrivals)
        {
            Assert.Equal(Math.Sqrt(a.Index / 25.0), a.Offset.TotalSeconds, tolerance: 2e-6);
        }
    }

    [Fact]
    public void PhasesFollowEachOtherAndWarmupIsFlagged()
    {
        var schedule = new ArrivalSchedule(
        [
            RatePhase.Constant("warm-up", TimeSpan.FromSeconds(1), 10, warmup: true),
            RatePhase.Constant("plateau", TimeSpan.FromSeconds(1), 20),
        ]);
        var arrivals = schedule.Arrivals(long.MaxValue, Forever).ToList();
        Assert.Equal(30, arrivals.Count);
        Assert.All(arrivals.Take(10), a => Assert.True(a.Warmup));
        Assert.All(arrivals.Skip(10), a => Assert.False(a.Warmup));
        Assert.Equal(1.0, arrivals[10].Offset.TotalSeconds, 5);
        Assert.Equal(1.05, arrivals[11].Offset.TotalSeconds, 5);
        Assert.Equal(TimeSpan.FromSeconds(1), schedule.WarmupDuration);
    }

    [Fact]
    public void ADecayDeliversItsIntegralAndSlowsDown()
    {
        var decay = RatePhase.DecayTo("decay", TimeSpan.FromSeconds(40), 1000, 100);
        var schedule = new ArrivalSchedule([decay]);
        var arrivals = schedule.Arrivals(long.MaxValue, Forever).ToList();
        // 100 * 40 + 900 * 10 * (1 - e^-4)
        Assert.Equal((long)Math.Ceiling(4000 + (9000 * (1 - Math.Exp(-4)))), arrivals.Count);
        var firstGap = (arrivals[1].Offset - arrivals[0].Offset).TotalMilliseconds;
        var lastGap = (arrivals[^1].Offset - arrivals[^2].Offset).TotalMilliseconds;
        Assert.Equal(1.0, firstGap, 1);
        Assert.InRange(lastGap, 8, 10.1);
        Assert.True(arrivals.Zip(arrivals.Skip(1)).All(p => p.First.Offset <= p.Second.Offset));
    }

    [Fact]
    public void RequestAndTimeBoundsStopTheSchedule()
    {
        var schedule = new ArrivalSchedule([RatePhase.Constant("plateau", TimeSpan.FromSeconds(10), 100)]);
        Assert.Equal(50, schedule.Arrivals(50, Forever).Count());
        var timed = schedule.Arrivals(long.MaxValue, TimeSpan.FromSeconds(2)).ToList();
        Assert.Equal(201, timed.Count); // 0 ms .. 2000 ms inclusive
        Assert.True(timed[^1].Offset <= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void ThePushSpikeStepsToTenTimesTheBaselineWithinSecondsAndDecays()
    {
        var options = LoadOptions.Parse(["push-spike", "--postgres", "Host=127.0.0.1", "--tokens", "t", "--campaign", "1",
            "--rate", "50", "--warmup", "2", "--baseline", "10", "--spike-rise", "3", "--spike-hold", "5", "--spike-decay", "40"]);
        var schedule = Profiles.For(options);
        Assert.Equal(TimeSpan.FromSeconds(60), schedule.Duration);
        Assert.Equal(50, schedule.RateAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(500, schedule.RateAt(TimeSpan.FromSeconds(16)));
        Assert.InRange(schedule.RateAt(TimeSpan.FromSeconds(59.9)), 50, 60);
        Assert.Equal(["warm-up", "baseline", "push", "peak", "decay"], schedule.Phases.Select(p => p.Name));
    }

    [Fact]
    public void APhaseWithoutDurationIsRefused()
    {
        Assert.Throws<ArgumentException>(() => new ArrivalSchedule([RatePhase.Constant("x", TimeSpan.Zero, 10)]));
        Assert.Throws<ArgumentException>(() => new ArrivalSchedule([]));
    }
}
