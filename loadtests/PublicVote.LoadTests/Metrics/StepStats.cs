namespace PublicVote.LoadTests.Metrics;

/// <summary>Counts and latency of one named step (request kind) of a scenario.</summary>
internal sealed class StepStats(string name)
{
    private long _ok;
    private long _expected;
    private long _errors;

    public string Name { get; } = name;

    public LatencyHistogram Latency { get; } = new();

    public long Ok => Interlocked.Read(ref _ok);

    public long Expected => Interlocked.Read(ref _expected);

    public long Errors => Interlocked.Read(ref _errors);

    public void Record(Outcome outcome, long micros)
    {
        Latency.Record(micros);
        switch (outcome)
        {
            case Outcome.Ok:
                Interlocked.Increment(ref _ok);
                break;
            case Outcome.Expected:
                Interlocked.Increment(ref _expected);
                break;
            default:
                Interlocked.Increment(ref _errors);
                break;
        }
    }
}
