using System.Globalization;

namespace PublicVote.LoadTests.Reporting;

public abstract record Block;

public sealed record Heading(string Text, int Level) : Block;

public sealed record Paragraph(string Text, bool Loud = false) : Block;

public sealed record TableBlock(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows) : Block;

/// <param name="File">The SVG's file name next to report.md (the HTML inlines it).</param>
public sealed record Chart(string File, string Svg) : Block;

/// <summary>The report's content once, rendered to Markdown and to HTML.</summary>
public static class ReportDocument
{
    private const int CandidateRows = 40;

    public static IReadOnlyList<Block> Build(RunReport r)
    {
        var c = r.Correctness;
        var blocks = new List<Block>
        {
            new Heading($"Load test `{r.Scenario}`: {(r.ExitCode == 0 ? "PASS" : c.Passed ? "ERRORS" : "CORRECTNESS FAILED")}", 1),
            new Paragraph($"Started {r.StartedAtUtc:yyyy-MM-dd HH:mm:ss} UTC against {r.BaseUrl}, campaign {r.CampaignId}. " +
                $"Schedule: {r.Schedule}. Stopped: {r.StopReason} after {F(r.ElapsedSeconds)} s. " +
                $"Bounds: {r.MaxRequests} arrivals, {F(r.MaxDurationSeconds)} s, {r.MaxConcurrency} in flight. " +
                $"Warm-up ({F(r.WarmupSeconds)} s) is excluded from every figure but the per-second plots."),
            new Heading("Correctness", 2),
            new Paragraph(c.Verdict, Loud: !c.Passed),
            new TableBlock(["accepted 200s", "distinct receipts", "in PostgreSQL", "lost", "extra", "receipt conflicts", "votes without an answer", "drain wait"],
                [[N(c.AcceptedResponses), N(c.AcceptedVotes), N(c.StoredVotes), N(c.Lost), N(c.Extra), N(c.Conflicts.Count), N(c.Unanswered), $"{F(c.DrainSeconds)} s{(c.Drained ? "" : " (not drained)")}"]]),
        };
        var candidates = c.Candidates.Where(x => !x.Matches).Concat(c.Candidates.Where(x => x.Matches).OrderByDescending(x => x.Accepted)).Take(CandidateRows);
        blocks.Add(new TableBlock(["candidate", "accepted", "votes rows", "vote_totals", ""],
            candidates.Select(x => (IReadOnlyList<string>)[N(x.CandidateId), N(x.Accepted), N(x.StoredVotes), N(x.VoteTotals), x.Matches ? "ok" : "MISMATCH"]).ToList()));
        if (c.Candidates.Count > CandidateRows)
        {
            blocks.Add(new Paragraph($"({c.Candidates.Count - CandidateRows} more candidates, all matching, in summary.json)"));
        }
        foreach (var (label, sample) in new[] { ("Lost receipts (sample)", c.LostSample), ("Extra receipts (sample)", c.ExtraSample), ("Conflicts", c.Conflicts.Take(10).ToList()) })
        {
            if (sample.Count > 0)
            {
                blocks.Add(new Paragraph($"{label}: {string.Join(", ", sample)}", Loud: true));
            }
        }

        blocks.Add(new Heading("Throughput", 2));
        blocks.Add(new TableBlock(["offered arrivals/s", "achieved iterations/s", "requests/s", "measured arrivals", "completed", "dropped by generator", "in flight at end"],
            [[F(r.OfferedRate), F(r.AchievedRate), F(r.RequestRate), N(r.OfferedMeasured), N(r.CompletedMeasured), N(r.DroppedByGenerator), N(r.StillInFlightAtEnd)]]));
        blocks.Add(new TableBlock(["phase", "seconds", "target rate/s", "offered/s", "achieved/s", "p99 ms"],
            r.Phases.Select(p => (IReadOnlyList<string>)[p.Warmup ? p.Name + " (not measured)" : p.Name, F(p.Seconds),
                p.StartRate.Equals(p.EndRate) ? F(p.StartRate) : $"{F(p.StartRate)} → {F(p.EndRate)}", F(p.OfferedRate), F(p.AchievedRate), F(p.P99)]).ToList()));
        blocks.Add(new Heading("Latency (ms, from the intended start: coordinated omission corrected)", 2));
        blocks.Add(new TableBlock(["", "count", "p50", "p90", "p99", "p99.9", "max", "mean"],
            [LatencyRow("all requests", r.Latency), LatencyRow("whole iterations", r.IterationLatency)]));
        blocks.Add(new TableBlock(["step", "count", "ok", "expected refusals", "errors", "p50", "p99", "max"],
            r.Steps.Select(s => (IReadOnlyList<string>)[s.Name, N(s.Count), N(s.Ok), N(s.Expected), N(s.Errors), F(s.P50), F(s.P99), F(s.Max)]).ToList()));
        blocks.Add(new Heading("Responses", 2));
        blocks.Add(CountTable("HTTP status", r.StatusCodes));
        blocks.Add(CountTable("ProblemDetails type", r.ProblemTypes));
        if (r.ErrorCount > 0 || r.Errors.Count > 0)
        {
            blocks.Add(new Paragraph($"{N(r.ErrorCount)} ERRORS (unexpected answers); expected refusals: {N(r.ExpectedRefusals)}.", Loud: true));
            blocks.Add(CountTable("error", r.Errors));
        }
        else
        {
            blocks.Add(new Paragraph($"No errors; expected refusals: {N(r.ExpectedRefusals)}."));
        }
        blocks.Add(new Heading("Over time", 2));
        blocks.Add(new Chart("latency.svg", Charts.Latency(r)));
        blocks.Add(new Chart("throughput.svg", Charts.Throughput(r)));
        return blocks;
    }

    private static IReadOnlyList<string> LatencyRow(string name, LatencySummary l) =>
        [name, N(l.Count), F(l.P50), F(l.P90), F(l.P99), F(l.P999), F(l.Max), F(l.Mean)];

    private static TableBlock CountTable(string what, IReadOnlyDictionary<string, long> counts) =>
        new([what, "count"], counts.Count == 0 ? [["(none)", "0"]] : counts.Select(kv => (IReadOnlyList<string>)[kv.Key, N(kv.Value)]).ToList());

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double d) => d.ToString("0.###", CultureInfo.InvariantCulture);
}
