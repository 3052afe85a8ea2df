using System.Globalization;
using System.Text;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Scoring;

/// <summary>A whole evaluation: the per-attack and honest summaries, the issue's targets, the Markdown report.</summary>
internal sealed class EvalReport
{
    public EvalReport(EvalOptions options, string description, IReadOnlyList<SeedResult> seeds)
    {
        Options = options;
        Description = description;
        Seeds = seeds;
        var episodes = seeds.SelectMany(s => s.Episodes).ToList();
        Attacks = [.. episodes.GroupBy(e => (e.Episode.Kind, e.Episode.Camouflage)).OrderBy(g => g.Key.Camouflage).ThenBy(g => g.Key.Kind)
            .Select(g => AttackSummary.Of(AttackSummary.NameOf(g.Key.Kind, g.Key.Camouflage), [.. g]))];
        Honest = HonestSummary.Of(seeds);
        Targets = BuildTargets(episodes);
        Guardrails = BuildGuardrails();
    }

    public EvalOptions Options { get; }

    public string Description { get; }

    public IReadOnlyList<SeedResult> Seeds { get; }

    public IReadOnlyList<AttackSummary> Attacks { get; }

    public HonestSummary Honest { get; }

    public IReadOnlyList<Target> Targets { get; }

    public IReadOnlyList<Target> Guardrails { get; }

    public AttackSummary? Attack(AttackKind kind, bool camouflage = false) =>
        Attacks.FirstOrDefault(a => a.Name == AttackSummary.NameOf(kind, camouflage));

    private List<Target> BuildTargets(List<EpisodeResult> episodes)
    {
        var targets = new List<Target>();
        if (Attack(AttackKind.FreshBurst) is { } a1)
        {
            targets.Add(new("A1 fresh-account burst: recall ≥ 0.98", P(a1.Recall), a1.Recall >= 0.98));
            var worst = a1.WorstTimeToContain;
            targets.Add(new("A1 fresh-account burst: contained within 5 min", a1.Uncontained > 0 ? $"{a1.Uncontained} episode(s) never contained" : $"worst {Minutes(worst)}",
                a1.Uncontained == 0 && worst <= TimeSpan.FromMinutes(5)));
        }
        if (Attack(AttackKind.IpRotation) is { } a2)
        {
            targets.Add(new("A2 IP-pool rotation: recall ≥ 0.90", P(a2.Recall), a2.Recall >= 0.90));
        }
        if (Attack(AttackKind.SlowDrip) is { } a3)
        {
            targets.Add(new("A3 slow drip: recall ≥ 0.85 within 72 h", P(a3.RecallByDeadline), a3.RecallByDeadline >= 0.85));
        }
        if (Attack(AttackKind.VoteExchange) is { } a4)
        {
            targets.Add(new("A4 vote-exchange group: ≥ 0.90 of members found", P(a4.MembersFound), a4.MembersFound >= 0.90));
            targets.Add(new("A4 vote-exchange group: member precision ≥ 0.95", P(a4.MemberPrecision), a4.MemberPrecision >= 0.95));
        }
        foreach (var camouflaged in Attacks.Where(a => a.Name.StartsWith("A6", StringComparison.Ordinal)))
        {
            var kind = episodes.First(e => e.Episode.Camouflage && AttackSummary.NameOf(e.Episode.Kind, true) == camouflaged.Name).Episode.Kind;
            if (Attack(kind) is not { } plain)
            {
                continue;
            }
            var (mine, theirs) = kind == AttackKind.VoteExchange ? (camouflaged.MembersFound, plain.MembersFound)
                : kind == AttackKind.SlowDrip ? (camouflaged.RecallByDeadline, plain.RecallByDeadline) : (camouflaged.Recall, plain.Recall);
            targets.Add(new($"{camouflaged.Name}: ≥ 0.85 × the plain attack's (protocol C5)", $"{P(mine)} vs {P(theirs)}", mine >= 0.85 * theirs));
        }
        targets.Add(new("Honest votes wrongly voided ≤ 0.1 %", P(Honest.Voided, 3), Honest.Voided <= 0.001));
        targets.Add(new("Honest votes held pending ≤ 3 %", P(Honest.Held, 2), Honest.Held <= 0.03));
        targets.Add(new("No case on the push surge alone", $"{Honest.PushCases} case(s)", Honest.PushCases == 0));
        return targets;
    }

    /// <summary>The protocol's guardrails on honest traffic (C5) that the harness measures; proposed, not the issue's targets.</summary>
    private List<Target> BuildGuardrails()
    {
        var canvass = Honest.ByKind.GetValueOrDefault(HonestKind.Canvass);
        return
        [
            new("Canvassing votes wrongly voided: none", P(canvass.Voided, 3), canvass.Voided == 0),
            new("False cases ≤ 1 per 100 candidates per day", Honest.FalseCasesPer100CandidateDays.ToString("F2", CultureInfo.InvariantCulture),
                Honest.FalseCasesPer100CandidateDays <= 1),
        ];
    }

    public string ToMarkdown(DateTimeOffset generatedAt)
    {
        var md = new StringBuilder();
        var scale = Options.Scale;
        var seeds = string.Join(",", Options.Seeds);
        md.AppendLine(CultureInfo.InvariantCulture, $"# Fraud-detection evaluation ({scale.Name} size)");
        md.AppendLine();
        var heldOut = Options.Seeds.Any(s => s is >= 1 and <= 10) ? "these are tuning seeds, not a held-out result." : "these seeds were not used for tuning.";
        var sets = string.Concat(Options.Settings.Select(s => $" --set {s.Key}={s.Value}"));
        md.AppendLine(CultureInfo.InvariantCulture, $"Generated {generatedAt:yyyy-MM-dd HH:mm} UTC by `dotnet run -c Release --project loadtests/PublicVote.FraudEval -- --size {scale.Name} --seeds {seeds}{sets}`.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Replayed through: {Description}; the host evaluates every {Options.Tick.TotalSeconds:F0} s of virtual time.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Campaign per seed: {scale.Candidates} candidates in {scale.Organisations} organisations, {scale.Days} days, " +
            $"{Seeds.Average(s => s.Votes):N0} votes on average (honest traffic + attacks). Thresholds were tuned on seeds 1–10; {heldOut}");
        md.AppendLine("The detectors run in process (no Redis or PostgreSQL in the loop); see docs/antifraud-detectors.md for what a Redis + PostgreSQL replay needs.");
        md.AppendLine();

        md.AppendLine("## Targets (issue 8)");
        md.AppendLine();
        md.AppendLine("| target | result | met |");
        md.AppendLine("|---|---|---|");
        foreach (var t in Targets.OrderBy(t => t.Met))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.Result} | {(t.Met ? "yes" : "**no**")} |");
        }
        md.AppendLine();
        md.AppendLine("Protocol guardrails on honest traffic (shared/reference/antifraud.md C5; proposed there, not issue 8's targets):");
        md.AppendLine();
        md.AppendLine("| guardrail | result | met |");
        md.AppendLine("|---|---|---|");
        foreach (var t in Guardrails)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.Result} | {(t.Met ? "yes" : "**no**")} |");
        }
        md.AppendLine();

        md.AppendLine("## Per attack type (pooled over episodes and seeds)");
        md.AppendLine();
        md.AppendLine("| attack | episodes | target votes | recall (held) | by deadline | named in a finding | voided by oracle | hold precision (median / worst episode) | time to detect (median / worst) | time to contain (worst) | cast before containment | peak leak (worst) | camouflage votes held |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var a in Attacks)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {a.Name} | {a.Episodes} | {a.Votes:N0} | {P(a.Recall)} | {P(a.RecallByDeadline)} | {P(a.FlaggedRecall)} | {P(a.VoidRecall)} | {P(a.MedianHoldPrecision)} / {P(a.HoldPrecision)} | {Minutes(a.MedianTimeToDetect)} / {Minutes(a.WorstTimeToDetect)} | {Minutes(a.WorstTimeToContain)}{(a.Uncontained > 0 ? $" ({a.Uncontained} never)" : "")} | {P(a.LeakedBeforeContainment)} | {P(a.WorstPeakLeak)} | {P(a.CamouflageRecall)} |");
        }
        md.AppendLine();
        md.AppendLine("Share of each attack's target votes named by each detector:");
        md.AppendLine();
        var detectors = Attacks.SelectMany(a => a.ShareByDetector.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        md.AppendLine("| attack | " + string.Join(" | ", detectors) + " |");
        md.AppendLine("|---|" + string.Concat(detectors.Select(_ => "---|")));
        foreach (var a in Attacks)
        {
            md.AppendLine($"| {a.Name} | " + string.Join(" | ", detectors.Select(d => P(a.ShareByDetector.GetValueOrDefault(d)))) + " |");
        }
        md.AppendLine();
        var groups = Attacks.Where(a => !double.IsNaN(a.MembersFound)).ToList();
        if (groups.Count > 0)
        {
            md.AppendLine("Vote-exchange groups (members = accounts that answered at least one call):");
            md.AppendLine();
            md.AppendLine("| attack | members found | found by round 2 + 90 min | member precision (worst episode) |");
            md.AppendLine("|---|---|---|---|");
            foreach (var a in groups)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {a.Name} | {P(a.MembersFound)} | {P(a.MembersFoundByRound2)} | {P(a.MemberPrecision)} |");
            }
            md.AppendLine();
        }

        md.AppendLine("## Honest traffic");
        md.AppendLine();
        md.AppendLine("| kind | votes | held pending (ever) | wrongly voided |");
        md.AppendLine("|---|---|---|---|");
        foreach (var (kind, (votes, held, voided)) in Honest.ByKind)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {votes:N0} | {P(held, 3)} | {P(voided, 3)} |");
        }
        md.AppendLine(CultureInfo.InvariantCulture, $"| **all honest** | {Honest.Votes:N0} | {P(Honest.Held, 3)} | {P(Honest.Voided, 3)} |");
        md.AppendLine();
        var byDetector = string.Join(", ", Honest.FalseCasesByDetector.Select(kv => $"{kv.Key} {kv.Value}"));
        md.AppendLine(CultureInfo.InvariantCulture, $"Cases: {Honest.Cases} in all; {Honest.FalseCases} dismissed by the oracle (fewer than half attack votes) = {Honest.FalseCasesPer100CandidateDays:F2} per 100 candidates per day (protocol guardrail ≤ 1); by detector: {byDetector}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Cases on the push (mostly push votes, or naming no vote while the push brought the candidate votes): {Honest.PushCases}; made mostly of canvassing votes: {Honest.CanvassCases} (dismissed, never voided); naming no vote at all: {Honest.EmptyCases} (judged by what ran on the candidate meanwhile: an attack, the push, or nothing).");
        md.AppendLine(CultureInfo.InvariantCulture, $"Honest votes held, by the detectors naming them: {Counts(Honest.HeldByDetector)}; wrongly voided, by the detector of the confirmed case: {Counts(Honest.VoidedByDetector)}.");
        foreach (var summary in Honest.PushCaseSummaries.Take(5))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- push case: {summary}");
        }
        md.AppendLine();

        md.AppendLine("## Episodes");
        md.AppendLine();
        md.AppendLine("| seed | attack | knobs | target votes | held | detect | contain | cast before containment | hold precision | named by |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var e in Seeds.SelectMany(s => s.Episodes))
        {
            var named = string.Join(", ", e.FlaggedByDetector.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {P(kv.Value / (double)Math.Max(1, e.TargetVotes))}"));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {e.Seed} | {AttackSummary.NameOf(e.Episode.Kind, e.Episode.Camouflage)} | {e.Episode.Knobs} | {e.TargetVotes:N0} | {P(e.Held / (double)Math.Max(1, e.TargetVotes))} | {Minutes(e.TimeToDetect)} | {Minutes(e.TimeToContain)} | {e.LeakedBeforeContainment} | {P(e.HoldPrecision)} | {named} |");
        }
        md.AppendLine();
        md.AppendLine("## Seeds");
        md.AppendLine();
        md.AppendLine("| seed | votes | held (all) | of which attack | cases | replay time | time in the detectors (µs per vote) |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var s in Seeds)
        {
            var perVote = string.Join(", ", s.DetectorTime.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value.TotalMicroseconds / Math.Max(1, s.Votes):F1}")));
            md.AppendLine(CultureInfo.InvariantCulture, $"| {s.Seed} | {s.Votes:N0} | {s.HeldTotal:N0} | {s.HeldAttack:N0} | {s.Honest.Cases} | {s.Elapsed.TotalSeconds:F0} s | {perVote} |");
        }
        md.AppendLine();
        md.AppendLine("Replay times are wall-clock on a shared 2-core machine (other work was building at the same time): provisional.");
        md.AppendLine();
        md.AppendLine("## Definitions");
        md.AppendLine();
        md.AppendLine("- **held**: named by a finding whose severity is at least the hold threshold; the host keeps such votes pending (out of the public tally) until review. Recall = held target votes / target votes (camouflage votes for honest candidates are counted apart).");
        md.AppendLine("- **voided by oracle**: an oracle reviewer confirms a case when at least half of its votes are attack votes and voids all of them; otherwise it dismisses the case and restores its votes. Honest votes in confirmed cases are the *wrongly voided*.");
        md.AppendLine("- **time to detect**: first attack vote to the first finding naming one of its votes. **time to contain**: first attack vote to the first hold after which ≥ 95 % of the episode's later votes are held within 5 minutes of being cast (the detectors report every 1–5 minutes).");
        md.AppendLine("- **cast before containment**: target votes cast before containment (they stood in the public tally until held). **peak leak**: the most target votes standing in the tally at one time, as a share of the episode.");
        md.AppendLine("- **hold precision**: of the votes held for the attacked candidates from 1 h before to 6 h after the episode, the share that are attack votes (the median and the worst episode).");
        md.AppendLine("- A drip's deadline is 72 h after its start; other attacks are scored at the end of the replay.");
        md.AppendLine("- **member precision**: of the voters named by lockstep cases on the group's candidates, the share that are members.");
        return md.ToString();
    }

    public string ToConsole()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"attack",-36} {"eps",3} {"votes",7} {"recall",7} {"by ddl",7} {"void",7} {"prec",7} {"TTD med",8} {"contain",8} {"leaked",7}");
        foreach (var a in Attacks)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{a.Name,-36} {a.Episodes,3} {a.Votes,7} {P(a.Recall),7} {P(a.RecallByDeadline),7} {P(a.VoidRecall),7} {P(a.HoldPrecision),7} {Minutes(a.MedianTimeToDetect),8} {Minutes(a.WorstTimeToContain),8} {P(a.LeakedBeforeContainment),7}");
        }
        text.AppendLine(CultureInfo.InvariantCulture, $"honest: {Honest.Votes:N0} votes, held {P(Honest.Held, 3)}, voided {P(Honest.Voided, 3)}, " +
            $"false cases {Honest.FalseCases} ({Honest.FalseCasesPer100CandidateDays:F2} per 100 candidate-days: {Counts(Honest.FalseCasesByDetector)}), push cases {Honest.PushCases}, canvass cases {Honest.CanvassCases}, cases naming no vote {Honest.EmptyCases}");
        text.AppendLine(CultureInfo.InvariantCulture, $"honest held by: {Counts(Honest.HeldByDetector)}; voided by: {Counts(Honest.VoidedByDetector)}");
        foreach (var t in Targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  [{(t.Met ? "met" : "NOT MET")}] {t.Name}: {t.Result}");
        }
        foreach (var t in Guardrails)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  [{(t.Met ? "met" : "NOT MET")}] guardrail: {t.Name}: {t.Result}");
        }
        return text.ToString();
    }

    private static string Counts(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value}")));

    internal static string P(double value, int decimals = 1) =>
        double.IsNaN(value) ? "—" : (value * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " %";

    internal static string Minutes(TimeSpan? value) => value switch
    {
        null => "—",
        { TotalHours: >= 2 } v => v.TotalHours.ToString("F1", CultureInfo.InvariantCulture) + " h",
        { } v => v.TotalMinutes.ToString("F0", CultureInfo.InvariantCulture) + " min",
    };

    internal sealed record Target(string Name, string Result, bool Met);
}
