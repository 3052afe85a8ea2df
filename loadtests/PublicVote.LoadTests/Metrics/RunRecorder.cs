using System.Collections.Concurrent;

namespace PublicVote.LoadTests.Metrics;

/// <summary>
/// Everything measured in one run. Warm-up arrivals are executed (their votes still count for correctness)
/// but recorded nowhere here except the per-second series, which show the whole run.
/// </summary>
internal sealed class RunRecorder
{
    private readonly ConcurrentDictionary<string, StepStats> _steps = new(StringComparer.Ordinal);
    private readonly long[] _statuses = new long[600];
    private long _dropped;
    private long _iterations;

    public RunRecorder(int seconds, IEnumerable<string> steps)
    {
        Series = new SecondSeries(seconds);
        foreach (var step in steps)
        {
            _steps[step] = new StepStats(step);
        }
    }

    public SecondSeries Series { get; }

    /// <summary>Every measured request; the first request of an iteration is timed from the iteration's intended start.</summary>
    public LatencyHistogram AllRequests { get; } = new();

    /// <summary>Whole iterations (one citizen's journey, or one vote), timed from the intended start.</summary>
    public LatencyHistogram Iterations { get; } = new();

    public ConcurrentDictionary<string, long> ProblemTypes { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, long> ErrorKinds { get; } = new(StringComparer.Ordinal);

    public IEnumerable<StepStats> Steps => _steps.Values.OrderBy(s => s.Name, StringComparer.Ordinal);

    public long DroppedByGenerator => Interlocked.Read(ref _dropped);

    public long MeasuredIterations => Interlocked.Read(ref _iterations);

    public long Errors => _steps.Values.Sum(s => s.Errors);

    public IReadOnlyDictionary<int, long> StatusCodes =>
        Enumerable.Range(0, _statuses.Length).Where(i => Interlocked.Read(ref _statuses[i]) > 0)
            .ToDictionary(i => i, i => Interlocked.Read(ref _statuses[i]));

    public void Offered(TimeSpan intended) => Series.Offered(intended);

    public void Dropped(TimeSpan intended, bool warmup)
    {
        Series.Dropped(intended);
        if (!warmup)
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public void Request(string step, TimeSpan intended, long micros, in StepResult result, bool warmup)
    {
        Series.Request(intended, micros, result.Outcome == Outcome.Error);
        if (warmup)
        {
            return;
        }
        _steps.GetOrAdd(step, s => new StepStats(s)).Record(result.Outcome, micros);
        AllRequests.Record(micros);
        Interlocked.Increment(ref _statuses[Math.Clamp(result.Status, 0, _statuses.Length - 1)]);
        if (result.ProblemType is not null)
        {
            ProblemTypes.AddOrUpdate(result.ProblemType, 1, (_, n) => n + 1);
        }
        if (result.Outcome == Outcome.Error)
        {
            ErrorKinds.AddOrUpdate($"{step}: {result.Error ?? "error"}", 1, (_, n) => n + 1);
        }
    }

    public void IterationDone(TimeSpan intended, TimeSpan completedAt, long micros, bool warmup)
    {
        Series.Completed(completedAt);
        if (!warmup)
        {
            Iterations.Record(micros);
            Interlocked.Increment(ref _iterations);
        }
    }
}
