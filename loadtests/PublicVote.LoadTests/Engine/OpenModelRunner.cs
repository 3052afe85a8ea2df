using System.Diagnostics;
using PublicVote.LoadTests.Metrics;

namespace PublicVote.LoadTests.Engine;

/// <param name="MaxRequests">Hard bound on arrivals injected (each arrival is one scenario iteration).</param>
/// <param name="MaxDuration">Hard bound on injection time; in-flight iterations then get <paramref name="DrainTimeout"/> to finish.</param>
/// <param name="MaxConcurrency">Safety cap on iterations in flight; an arrival over it is dropped by the generator and counted.</param>
public sealed record RunLimits(long MaxRequests, TimeSpan MaxDuration, int MaxConcurrency, TimeSpan DrainTimeout);

/// <summary>How an iteration is timed: its intended start, as a Stopwatch timestamp and as an offset into the run.</summary>
public readonly record struct IterationClock(long IntendedTimestamp, TimeSpan IntendedOffset, long RunStartTimestamp)
{
    public static long MicrosSince(long timestamp) => (Stopwatch.GetTimestamp() - timestamp) * 1_000_000 / Stopwatch.Frequency;

    public TimeSpan Now => Stopwatch.GetElapsedTime(RunStartTimestamp);
}

internal enum StopReason
{
    ScheduleDone,
    MaxRequests,
    MaxDuration,
    Cancelled,
}

internal sealed record RunOutcome(long Injected, long Dropped, TimeSpan Elapsed, StopReason Reason, long StillInFlight);

/// <summary>
/// The open-model generator: injects arrivals at their intended times, never waiting for earlier ones, and
/// hands each to the scenario with its intended start. Latency counted from the intended start includes any
/// lag of the generator itself, so neither a slow server nor a slow generator can hide latency.
/// </summary>
internal sealed class OpenModelRunner(ArrivalSchedule schedule, RunLimits limits, RunRecorder recorder)
{
    private long _inFlight;
    private long _dropped;

    public long InFlight => Interlocked.Read(ref _inFlight);

    public TimeSpan Elapsed => _start == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_start);

    /// <summary>The arrival the dispatcher reached last (for the live view).</summary>
    public Arrival Current { get; private set; }

    private long _start;

    public async Task<RunOutcome> RunAsync(Func<Arrival, IterationClock, Task> iteration, CancellationToken cancellationToken)
    {
        _start = Stopwatch.GetTimestamp();
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref _inFlight); // the dispatcher's own reference, released when it stops
        long injected = 0;
        var reason = StopReason.ScheduleDone;
        foreach (var arrival in schedule.Arrivals(limits.MaxRequests, limits.MaxDuration))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }
            var wait = arrival.Offset - Stopwatch.GetElapsedTime(_start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                // Timer resolution is ~1 ms: wake a little early and launch everything due at once.
                try
                {
                    await Task.Delay(wait, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    reason = StopReason.Cancelled;
                    break;
                }
            }
            Current = arrival;
            injected++;
            recorder.Offered(arrival.Offset);
            if (Interlocked.Increment(ref _inFlight) > limits.MaxConcurrency + 1)
            {
                Interlocked.Decrement(ref _inFlight);
                Interlocked.Increment(ref _dropped);
                recorder.Dropped(arrival.Offset, arrival.Warmup);
                continue;
            }
            _ = RunOneAsync(arrival, iteration, allDone);
        }
        if (reason == StopReason.ScheduleDone && injected < schedule.TotalArrivals)
        {
            reason = injected >= limits.MaxRequests ? StopReason.MaxRequests : StopReason.MaxDuration;
        }
        Release(allDone);
        var finished = await Task.WhenAny(allDone.Task, Task.Delay(limits.DrainTimeout, CancellationToken.None)) == allDone.Task;
        return new RunOutcome(injected, Interlocked.Read(ref _dropped), Stopwatch.GetElapsedTime(_start), reason,
            finished ? 0 : InFlight);
    }

    private async Task RunOneAsync(Arrival arrival, Func<Arrival, IterationClock, Task> iteration, TaskCompletionSource allDone)
    {
        var intended = _start + (long)(arrival.Offset.TotalSeconds * Stopwatch.Frequency);
        try
        {
            // Off the dispatcher thread at once: building and sending a request must not delay later arrivals.
            await Task.Yield();
            await iteration(arrival, new IterationClock(intended, arrival.Offset, _start));
        }
        catch (Exception ex)
        {
            // Scenarios turn request failures into results themselves; this is a bug in a scenario, kept visible.
            recorder.ErrorKinds.AddOrUpdate($"iteration crashed: {ex.GetType().Name}: {ex.Message}", 1, (_, n) => n + 1);
        }
        finally
        {
            Release(allDone);
        }
    }

    private void Release(TaskCompletionSource allDone)
    {
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            allDone.TrySetResult();
        }
    }
}
