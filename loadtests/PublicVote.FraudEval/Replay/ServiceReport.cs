using System.Globalization;
using System.Text;
using PublicVote.FraudEval.Scoring;

namespace PublicVote.FraudEval.Replay;

/// <summary>One seed replayed through the product, with the same scenario's in-process result beside it.</summary>
internal sealed record ServiceSeed(int Seed, ServiceStats Stats, SeedResult InProcess);

/// <summary>
/// The service run's report: the evaluation report as for any target, its "in process" sentence corrected, and a
/// section on what only the product shows (refusals, the hold policy's holds, releases, its own case count, where
/// the time went) with the same seeds replayed in process beside every figure.
/// </summary>
internal static class ServiceReport
{
    private const string CommandLine = "`dotnet run -c Release --project loadtests/PublicVote.FraudEval -- ";

    private const string InProcessSentence =
        "The detectors run in process (no Redis or PostgreSQL in the loop); see docs/antifraud-detectors.md for what a Redis + PostgreSQL replay needs.";

    public static string ToMarkdown(EvalReport service, IReadOnlyList<ServiceSeed> seeds, DateTimeOffset generatedAt)
    {
        var twin = new EvalReport(service.Options with { Target = EvalOptions.InProcess, Service = null }, "in process", [.. seeds.Select(s => s.InProcess)]);
        var md = new StringBuilder(service.ToMarkdown(generatedAt).Replace(InProcessSentence,
            "Every vote went through the product: the API's vote and vote-token endpoints over HTTP, Redis, the flusher, PostgreSQL and " +
            "the detector host's scan, once per tick. The section *Through the product* at the end sets each figure against the same seeds replayed in process.",
            StringComparison.Ordinal).Replace(CommandLine, CommandLine + "--target service ", StringComparison.Ordinal));
        md.AppendLine();
        md.AppendLine("## Through the product");
        md.AppendLine();
        md.AppendLine("| figure | in process | service |");
        md.AppendLine("|---|---|---|");
        foreach (var (name, mine) in service.Attacks.Select(a => (a.Name, a)))
        {
            var theirs = twin.Attacks.FirstOrDefault(a => a.Name == name);
            Row(md, $"{name}: recall (held)", theirs?.Recall, mine.Recall);
            Row(md, $"{name}: named in a finding", theirs?.FlaggedRecall, mine.FlaggedRecall);
            Row(md, $"{name}: voided by oracle", theirs?.VoidRecall, mine.VoidRecall);
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {name}: detect (median) / contain (worst) | {EvalReport.Minutes(theirs?.MedianTimeToDetect)} / {EvalReport.Minutes(theirs?.WorstTimeToContain)} | {EvalReport.Minutes(mine.MedianTimeToDetect)} / {EvalReport.Minutes(mine.WorstTimeToContain)} |");
            Row(md, $"{name}: cast before containment", theirs?.LeakedBeforeContainment, mine.LeakedBeforeContainment);
            if (!double.IsNaN(mine.MembersFound))
            {
                Row(md, $"{name}: members found / precision", theirs?.MembersFound, mine.MembersFound, theirs?.MemberPrecision, mine.MemberPrecision);
            }
        }
        Row(md, "honest votes held (ever)", twin.Honest.Held, service.Honest.Held, decimals: 3);
        Row(md, "honest votes wrongly voided", twin.Honest.Voided, service.Honest.Voided, decimals: 3);
        foreach (var (kind, (_, held, _)) in service.Honest.ByKind)
        {
            Row(md, $"honest {kind} votes held", twin.Honest.ByKind[kind].Held, held, decimals: 3);
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| cases (harness model) / false cases / push cases | {twin.Honest.Cases} / {twin.Honest.FalseCases} / {twin.Honest.PushCases} | {service.Honest.Cases} / {service.Honest.FalseCases} / {service.Honest.PushCases} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| honest votes held, by detector | {Counts(twin.Honest.HeldByDetector)} | {Counts(service.Honest.HeldByDetector)} |");
        md.AppendLine();
        md.AppendLine("What the product did, per seed:");
        md.AppendLine();
        md.AppendLine("| seed | votes accepted | refused | held by the hold policy | surge holds released | cases in the product | scans | time (s): http / flush / scan / read back |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var (seed, result) in seeds.Zip(service.Seeds))
        {
            var s = seed.Stats;
            var time = string.Join(" / ", new[] { "http (token + vote)", "flush", "host scan", "read back" }
                .Select(k => result.DetectorTime.GetValueOrDefault(k).TotalSeconds.ToString("F0", CultureInfo.InvariantCulture)));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {seed.Seed} | {s.Accepted:N0} | {Counts(s.RefusedByType)} | {s.HeldByCases:N0} | {s.Released:N0} | {s.Cases} | {s.Scans:N0} | {time} |");
        }
        md.AppendLine();
        md.AppendLine("- **held** here is `votes.status = 'pending'` read back after each tick: held by surge mode on the hot path (at the vote) or by the host's hold policy (a case's counted votes when a finding ≥ the hold severity). Votes released later still count as held once, as in the scorer.");
        md.AppendLine("- **cases (harness model)** are the replay log's merge of the product's case updates (same detector and candidate, within 6 h), as for the in-process target, so the two columns compare; *cases in the product* is the product's own count (an unreviewed case stays open and keeps growing).");
        md.AppendLine("- The *surge* detector in the tables is the product's surge monitor: its case collects the votes surge mode held. The in-process target has no surge mode.");
        return md.ToString();
    }

    private static void Row(StringBuilder md, string name, double? theirs, double mine, int decimals = 1) =>
        md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {P(theirs, decimals)} | {EvalReport.P(mine, decimals)} |");

    private static void Row(StringBuilder md, string name, double? theirs, double mine, double? theirs2, double mine2) =>
        md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {P(theirs, 1)} / {P(theirs2, 1)} | {EvalReport.P(mine)} / {EvalReport.P(mine2)} |");

    private static string P(double? value, int decimals) => value is { } v ? EvalReport.P(v, decimals) : "—";

    private static string Counts<T>(IReadOnlyDictionary<string, T> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value}")));
}
