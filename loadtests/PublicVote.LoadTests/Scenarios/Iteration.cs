using System.Diagnostics;
using PublicVote.LoadTests.Engine;
using PublicVote.LoadTests.Metrics;

namespace PublicVote.LoadTests.Scenarios;

/// <summary>
/// One scenario iteration (one arrival). Its first request is timed from the arrival's intended start (so
/// generator lag and queueing count), later ones from when they were sent, as a real client would see them.
/// </summary>
internal sealed class Iteration(Arrival arrival, IterationClock clock, RunRecorder recorder)
{
    private bool _started;

    public Arrival Arrival { get; } = arrival;

    /// <summary>Deterministic per arrival, so a run's mix of retries, duplicates and choices is reproducible.</summary>
    public Random Random { get; } = new(HashCode.Combine(arrival.Index, 0x5eed));

    public bool HadError { get; private set; }

    public long StartStep()
    {
        if (_started)
        {
            return Stopwatch.GetTimestamp();
        }
        _started = true;
        return clock.IntendedTimestamp;
    }

    public void EndStep(string step, long startTimestamp, in StepResult result)
    {
        HadError |= result.Outcome == Outcome.Error;
        recorder.Request(step, clock.IntendedOffset, IterationClock.MicrosSince(startTimestamp), result, Arrival.Warmup);
    }

    public void Complete() =>
        recorder.IterationDone(clock.IntendedOffset, clock.Now, IterationClock.MicrosSince(clock.IntendedTimestamp), Arrival.Warmup);
}
