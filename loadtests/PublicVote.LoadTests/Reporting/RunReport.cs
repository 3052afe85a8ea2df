using PublicVote.LoadTests.Correctness;

namespace PublicVote.LoadTests.Reporting;

/// <summary>Latency figures in milliseconds.</summary>
public sealed record LatencySummary(long Count, double Mean, double P50, double P90, double P99, double P999, double Max);

public sealed record StepSummary(string Name, long Count, long Ok, long Expected, long Errors, double P50, double P99, double Max);

/// <summary>A phase of the schedule with what happened in its whole seconds: mean offered and achieved rate, p99 (ms).</summary>
public sealed record PhaseSummary(string Name, double Seconds, double StartRate, double EndRate, string Shape, bool Warmup,
    double OfferedRate, double AchievedRate, double P99);

/// <summary>One second of the run (from its start, warm-up included): arrivals offered and iterations completed, latency of requests intended then.</summary>
public sealed record SecondSummary(int T, long Offered, long Completed, long Dropped, long Errors, double? P50, double? P99);

/// <summary>Everything a run found; written as summary.json and rendered as report.md / report.html.</summary>
public sealed record RunReport
{
    public required string Scenario { get; init; }
    public required DateTimeOffset StartedAtUtc { get; init; }
    public required string BaseUrl { get; init; }
    public required long CampaignId { get; init; }
    public required string Schedule { get; init; }
    public required IReadOnlyList<PhaseSummary> Phases { get; init; }
    public required double WarmupSeconds { get; init; }
    public required long MaxRequests { get; init; }
    public required double MaxDurationSeconds { get; init; }
    public required int MaxConcurrency { get; init; }
    public required string StopReason { get; init; }
    public required double ElapsedSeconds { get; init; }
    /// <summary>Arrivals injected, warm-up included.</summary>
    public required long Injected { get; init; }
    /// <summary>Measured arrivals (after warm-up), dropped ones included.</summary>
    public required long OfferedMeasured { get; init; }
    public required long DroppedByGenerator { get; init; }
    public required long CompletedMeasured { get; init; }
    public required long StillInFlightAtEnd { get; init; }
    public required double OfferedRate { get; init; }
    public required double AchievedRate { get; init; }
    public required double RequestRate { get; init; }
    public required LatencySummary Latency { get; init; }
    public required LatencySummary IterationLatency { get; init; }
    public required IReadOnlyList<StepSummary> Steps { get; init; }
    public required IReadOnlyDictionary<string, long> StatusCodes { get; init; }
    public required IReadOnlyDictionary<string, long> ProblemTypes { get; init; }
    public required IReadOnlyDictionary<string, long> Errors { get; init; }
    public required long ErrorCount { get; init; }
    public required long ExpectedRefusals { get; init; }
    public required IReadOnlyList<SecondSummary> Seconds { get; init; }
    public required CorrectnessResult Correctness { get; init; }

    /// <summary>0 all good, 1 correctness failed, 3 correct but requests failed (2 is bad usage, from the command line).</summary>
    public int ExitCode => !Correctness.Passed ? 1 : ErrorCount > 0 || DroppedByGenerator > 0 || StillInFlightAtEnd > 0 ? 3 : 0;
}
