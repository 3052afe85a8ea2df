using System.Diagnostics;
using PublicVote.FraudEval.Replay;
using PublicVote.FraudEval.Scoring;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval;

/// <summary>Generates, replays and scores every seed (one at a time: the replay is single-threaded by design).</summary>
internal static class EvalRunner
{
    /// <summary>Ticks after the last vote: the slow-drip detector judges votes 12 h late.</summary>
    public static readonly TimeSpan Drain = TimeSpan.FromHours(14);

    /// <param name="service">With <c>--target service</c>: what the product did per seed (filled in when given).</param>
    public static async Task<EvalReport> RunAsync(
        EvalOptions options, Action<string>? progress, CancellationToken cancellationToken, List<ServiceSeed>? service = null)
    {
        var seeds = new List<SeedResult>();
        var description = "";
        foreach (var seed in options.Seeds)
        {
            var watch = Stopwatch.StartNew();
            var scenario = Scenario.Generate(options.Scale, seed);
            var generated = watch.Elapsed;
            await using var target = await StartTargetAsync(options, cancellationToken);
            description = target.Description;
            var log = await new Replayer(target, options.Tick, Drain).RunAsync(scenario, cancellationToken);
            var result = Scorer.Score(log, watch.Elapsed, target.DetectorTime);
            if (options.CasesPath is { } casesPath)
            {
                await File.AppendAllLinesAsync(casesPath, CaseLines(log), cancellationToken);
            }
            seeds.Add(result);
            var detectors = string.Join(", ", target.DetectorTime.Select(kv => $"{kv.Key} {kv.Value.TotalSeconds:F1} s"));
            progress?.Invoke($"seed {seed}: {scenario.Votes.Count:N0} votes, {scenario.Episodes.Count} attacks, {log.Cases.Count} cases; " +
                             $"generated in {generated.TotalSeconds:F1} s, total {watch.Elapsed.TotalSeconds:F1} s (detectors: {detectors})");
            if (target is ServiceReplayTarget product)
            {
                service?.Add(new ServiceSeed(seed, product.Stats, await InProcessTwinAsync(options, scenario, cancellationToken)));
            }
        }
        return new EvalReport(options, description, seeds);
    }

    private static async Task<IReplayTarget> StartTargetAsync(EvalOptions options, CancellationToken cancellationToken) =>
        options.Service is { } service
            ? await ServiceReplayTarget.StartAsync(service, options.Settings, options.HoldSeverity, cancellationToken)
            : new InProcessReplayTarget(options.Settings, options.HoldSeverity);

    /// <summary>The same scenario replayed in process (seconds), so the service run's figures can be set against it seed by seed.</summary>
    private static async Task<SeedResult> InProcessTwinAsync(EvalOptions options, Scenario scenario, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var target = new InProcessReplayTarget(options.Settings, options.HoldSeverity);
        var log = await new Replayer(target, options.Tick, Drain).RunAsync(scenario, cancellationToken);
        return Scorer.Score(log, watch.Elapsed, target.DetectorTime);
    }

    private static IEnumerable<string> CaseLines(ReplayLog log)
    {
        var votes = log.Scenario.Votes;
        foreach (var c in log.Cases)
        {
            var labels = c.Votes.GroupBy(i => votes[i].Label.Honest?.ToString() ?? $"attack{votes[i].Label.Episode}")
                .OrderByDescending(g => g.Count()).Select(g => $"{g.Key}:{g.Count()}");
            var attack = c.Votes.Count == 0 ? 0 : c.Votes.Count(i => votes[i].Label.IsAttack) / (double)c.Votes.Count;
            yield return string.Join('\t', log.Scenario.Seed, c.Detector, c.CandidateId, c.Opened.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                c.Votes.Count, attack.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
                c.MaxSeverity.ToString("F2", System.Globalization.CultureInfo.InvariantCulture), string.Join(' ', labels), c.LastSummary, c.LastEvidence);
        }
    }
}
