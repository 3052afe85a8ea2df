namespace PublicVote.LoadTests.Metrics;

/// <summary>
/// Per-second figures over the run, preallocated so recording never allocates: arrivals offered (by intended
/// second), iterations completed (by completion second), errors, and a latency histogram per intended second.
/// Seconds past the end are folded into the last slot.
/// </summary>
internal sealed class SecondSeries
{
    private readonly long[] _offered;
    private readonly long[] _completed;
    private readonly long[] _errors;
    private readonly long[] _dropped;
    private readonly LatencyHistogram[] _latency;

    public SecondSeries(int seconds)
    {
        Seconds = Math.Max(1, seconds);
        _offered = new long[Seconds];
        _completed = new long[Seconds];
        _errors = new long[Seconds];
        _dropped = new long[Seconds];
        _latency = new LatencyHistogram[Seconds];
        for (var i = 0; i < Seconds; i++)
        {
            _latency[i] = new LatencyHistogram();
        }
    }

    public int Seconds { get; }

    public void Offered(TimeSpan intended) => Interlocked.Increment(ref _offered[Slot(intended)]);

    public void Dropped(TimeSpan intended) => Interlocked.Increment(ref _dropped[Slot(intended)]);

    public void Request(TimeSpan intended, long micros, bool error)
    {
        _latency[Slot(intended)].Record(micros);
        if (error)
        {
            Interlocked.Increment(ref _errors[Slot(intended)]);
        }
    }

    public void Completed(TimeSpan at) => Interlocked.Increment(ref _completed[Slot(at)]);

    public long OfferedAt(int second) => Interlocked.Read(ref _offered[second]);

    public long CompletedAt(int second) => Interlocked.Read(ref _completed[second]);

    public long ErrorsAt(int second) => Interlocked.Read(ref _errors[second]);

    public long DroppedAt(int second) => Interlocked.Read(ref _dropped[second]);

    public LatencyHistogram LatencyAt(int second) => _latency[second];

    private int Slot(TimeSpan at) => (int)Math.Clamp((long)at.TotalSeconds, 0, Seconds - 1);
}
