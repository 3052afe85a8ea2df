using System.Globalization;
using PublicVote.LoadTests.Correctness;
using PublicVote.LoadTests.Engine;
using PublicVote.LoadTests.Metrics;

namespace PublicVote.LoadTests.Reporting;

internal static class ReportBuilder
{
    public static RunReport Build(LoadRunSetup setup, DateTimeOffset startedAt, RunOutcome outcome, RunRecorder recorder, CorrectnessResult correctness)
    {
        var series = recorder.Series;
        var lastSecond = Enumerable.Range(0, series.Seconds).LastOrDefault(s => series.OfferedAt(s) + series.CompletedAt(s) > 0);
        var seconds = Enumerable.Range(0, lastSecond + 1).Select(s =>
        {
            var h = series.LatencyAt(s);
            return new SecondSummary(s, series.OfferedAt(s), series.CompletedAt(s), series.DroppedAt(s), series.ErrorsAt(s),
                h.Count == 0 ? null : Ms(h.ValueAtPercentile(50)), h.Count == 0 ? null : Ms(h.ValueAtPercentile(99)));
        }).ToList();
        var warmup = setup.Schedule.WarmupDuration.TotalSeconds;
        // Rates over whole seconds after the warm-up, up to the last second anything happened in.
        var measured = seconds.Where(s => s.T >= Math.Ceiling(warmup)).ToList();
        var window = Math.Max(1, measured.Count);
        var steps = recorder.Steps.Select(s => new StepSummary(s.Name, s.Latency.Count, s.Ok, s.Expected, s.Errors,
            Ms(s.Latency.ValueAtPercentile(50)), Ms(s.Latency.ValueAtPercentile(99)), Ms(s.Latency.Max))).ToList();
        var errors = recorder.ErrorKinds.OrderByDescending(e => e.Value).ToDictionary(e => e.Key, e => e.Value);
        return new RunReport
        {
            Scenario = setup.Scenario,
            StartedAtUtc = startedAt,
            BaseUrl = setup.BaseUrl.AbsoluteUri,
            CampaignId = setup.Campaign.Id,
            Schedule = setup.Schedule.Describe(),
            Phases = Phases(setup.Schedule, series, seconds),
            WarmupSeconds = warmup,
            MaxRequests = setup.Limits.MaxRequests,
            MaxDurationSeconds = setup.Limits.MaxDuration.TotalSeconds,
            MaxConcurrency = setup.Limits.MaxConcurrency,
            StopReason = outcome.Reason.ToString(),
            ElapsedSeconds = Math.Round(outcome.Elapsed.TotalSeconds, 2),
            Injected = outcome.Injected,
            OfferedMeasured = measured.Sum(s => s.Offered),
            DroppedByGenerator = recorder.DroppedByGenerator,
            CompletedMeasured = recorder.MeasuredIterations,
            StillInFlightAtEnd = outcome.StillInFlight,
            OfferedRate = Math.Round((double)measured.Sum(s => s.Offered) / window, 1),
            AchievedRate = Math.Round((double)measured.Sum(s => s.Completed) / window, 1),
            RequestRate = Math.Round((double)recorder.AllRequests.Count / window, 1),
            Latency = Summary(recorder.AllRequests),
            IterationLatency = Summary(recorder.Iterations),
            Steps = steps,
            StatusCodes = recorder.StatusCodes.ToDictionary(s => s.Key == 0 ? "no response" : s.Key.ToString(CultureInfo.InvariantCulture), s => s.Value),
            ProblemTypes = recorder.ProblemTypes.OrderByDescending(p => p.Value).ToDictionary(p => p.Key, p => p.Value),
            Errors = errors,
            ErrorCount = recorder.Errors + errors.Where(e => e.Key.StartsWith("iteration crashed", StringComparison.Ordinal)).Sum(e => e.Value),
            ExpectedRefusals = steps.Sum(s => s.Expected),
            Seconds = seconds,
            Correctness = correctness,
        };
    }

    private static List<PhaseSummary> Phases(ArrivalSchedule schedule, SecondSeries series, List<SecondSummary> seconds)
    {
        var phases = new List<PhaseSummary>();
        var start = 0.0;
        foreach (var p in schedule.Phases)
        {
            var end = start + p.Duration.TotalSeconds;
            // The whole seconds inside the phase; a phase shorter than a second gets the one it starts in.
            var inside = seconds.Where(s => s.T >= Math.Ceiling(start) && s.T + 1 <= end).ToList();
            if (inside.Count == 0)
            {
                inside = seconds.Where(s => s.T == (int)start).ToList();
            }
            var latency = new LatencyHistogram();
            foreach (var s in inside)
            {
                latency.Add(series.LatencyAt(s.T));
            }
            var n = Math.Max(1, inside.Count);
            phases.Add(new PhaseSummary(p.Name, p.Duration.TotalSeconds, p.StartRate, p.EndRate, p.Shape.ToString(), p.Warmup,
                Math.Round((double)inside.Sum(s => s.Offered) / n, 1), Math.Round((double)inside.Sum(s => s.Completed) / n, 1),
                Ms(latency.ValueAtPercentile(99))));
            start = end;
        }
        return phases;
    }

    public static LatencySummary Summary(LatencyHistogram h) => new(h.Count, Math.Round(h.Mean / 1000, 3),
        Ms(h.ValueAtPercentile(50)), Ms(h.ValueAtPercentile(90)), Ms(h.ValueAtPercentile(99)), Ms(h.ValueAtPercentile(99.9)), Ms(h.Max));

    private static double Ms(long micros) => Math.Round(micros / 1000.0, 3);
}
