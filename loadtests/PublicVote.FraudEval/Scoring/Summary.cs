using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Scoring;

/// <summary>One attack type pooled over episodes and seeds.</summary>
internal sealed record AttackSummary(
    string Name,
    int Episodes,
    int Votes,
    double Recall,
    double RecallByDeadline,
    double FlaggedRecall,
    double VoidRecall,
    double HoldPrecision,
    double MedianHoldPrecision,
    TimeSpan? MedianTimeToDetect,
    TimeSpan? WorstTimeToDetect,
    TimeSpan? WorstTimeToContain,
    int Uncontained,
    double LeakedBeforeContainment,
    double WorstPeakLeak,
    double CamouflageRecall,
    double MembersFound,
    double MembersFoundByRound2,
    double MemberPrecision,
    IReadOnlyDictionary<string, double> ShareByDetector)
{
    public static AttackSummary Of(string name, IReadOnlyList<EpisodeResult> results)
    {
        var votes = results.Sum(r => r.TargetVotes);
        double Share(Func<EpisodeResult, int> part) => votes == 0 ? double.NaN : results.Sum(part) / (double)votes;
        var detect = results.Where(r => r.TimeToDetect is not null).Select(r => r.TimeToDetect!.Value).Order().ToList();
        var contain = results.Where(r => r.TimeToContain is not null).Select(r => r.TimeToContain!.Value).ToList();
        var camouflage = results.Sum(r => r.CamouflageVotes);
        var members = results.Sum(r => r.Members);
        var byDetector = results.SelectMany(r => r.FlaggedByDetector).GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => votes == 0 ? 0 : g.Sum(kv => kv.Value) / (double)votes, StringComparer.Ordinal);
        var precisions = results.Select(r => r.HoldPrecision).Where(p => !double.IsNaN(p)).ToList();
        var memberPrecisions = results.Select(r => r.MemberPrecision).Where(p => !double.IsNaN(p)).ToList();
        return new AttackSummary(name, results.Count, votes,
            Share(r => r.Held),
            results.Sum(r => r.VotesByDeadline) is var byDeadline and > 0 ? results.Sum(r => r.HeldByDeadline) / (double)byDeadline : double.NaN,
            Share(r => r.Flagged), Share(r => r.Voided),
            precisions.Count == 0 ? double.NaN : precisions.Min(),
            precisions.Count == 0 ? double.NaN : precisions.Order().ElementAt(precisions.Count / 2),
            detect.Count == 0 ? null : detect[detect.Count / 2],
            detect.Count == 0 ? null : detect[^1],
            contain.Count == 0 ? null : contain.Max(),
            results.Count(r => r.TimeToContain is null),
            Share(r => r.LeakedBeforeContainment),
            results.Count == 0 ? double.NaN : results.Max(r => r.TargetVotes == 0 ? 0 : r.PeakLeak / (double)r.TargetVotes),
            camouflage == 0 ? double.NaN : results.Sum(r => r.CamouflageHeld) / (double)camouflage,
            members == 0 ? double.NaN : results.Sum(r => r.MembersFound) / (double)members,
            members == 0 ? double.NaN : results.Sum(r => r.MembersFoundByRound2) / (double)members,
            memberPrecisions.Count == 0 ? double.NaN : memberPrecisions.Min(),
            byDetector);
    }

    public static string NameOf(AttackKind kind, bool camouflage) => (kind, camouflage) switch
    {
        (AttackKind.FreshBurst, false) => "A1 fresh-account burst",
        (AttackKind.IpRotation, false) => "A2 IP-pool rotation",
        (AttackKind.SlowDrip, false) => "A3 slow drip",
        (AttackKind.VoteExchange, false) => "A4 互投群 vote exchange",
        (AttackKind.FreshBurst, true) => "A6 camouflage: A1 + honest votes",
        (AttackKind.IpRotation, true) => "A6 camouflage: A2 + honest votes",
        (AttackKind.SlowDrip, true) => "A6 camouflage: A3 + honest votes",
        _ => "A6 camouflage: A4 + honest votes",
    };
}

/// <summary>Honest traffic pooled over seeds.</summary>
internal sealed record HonestSummary(
    int Votes,
    double Held,
    double Voided,
    IReadOnlyDictionary<HonestKind, (int Votes, double Held, double Voided)> ByKind,
    int Cases,
    int FalseCases,
    double FalseCasesPer100CandidateDays,
    IReadOnlyDictionary<string, int> FalseCasesByDetector,
    int PushCases,
    int CanvassCases,
    int EmptyCases,
    IReadOnlyList<string> PushCaseSummaries,
    IReadOnlyDictionary<string, int> HeldByDetector,
    IReadOnlyDictionary<string, int> VoidedByDetector)
{
    public static HonestSummary Of(IReadOnlyList<SeedResult> seeds)
    {
        var kinds = Enum.GetValues<HonestKind>();
        var byKind = kinds.ToDictionary(k => k, k =>
        {
            var votes = seeds.Sum(s => s.Honest.Votes.GetValueOrDefault(k));
            return (votes,
                votes == 0 ? 0 : seeds.Sum(s => s.Honest.Held.GetValueOrDefault(k)) / (double)votes,
                votes == 0 ? 0 : seeds.Sum(s => s.Honest.Voided.GetValueOrDefault(k)) / (double)votes);
        });
        var total = byKind.Values.Sum(v => v.votes);
        var held = seeds.Sum(s => s.Honest.Held.Values.Sum());
        var voided = seeds.Sum(s => s.Honest.Voided.Values.Sum());
        var candidateDays = seeds.Sum(s => s.Candidates * (double)s.Days);
        var falseCases = seeds.Sum(s => s.Honest.FalseCases);
        var byDetector = seeds.SelectMany(s => s.Honest.FalseCasesByDetector).GroupBy(kv => kv.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
        return new HonestSummary(total, total == 0 ? 0 : held / (double)total, total == 0 ? 0 : voided / (double)total, byKind,
            seeds.Sum(s => s.Honest.Cases), falseCases, falseCases * 100 / Math.Max(1, candidateDays), byDetector,
            seeds.Sum(s => s.Honest.PushCases), seeds.Sum(s => s.Honest.CanvassCases), seeds.Sum(s => s.Honest.EmptyCases),
            [.. seeds.SelectMany(s => s.Honest.PushCaseSummaries)],
            Sum(seeds.Select(s => s.Honest.HeldByDetector)), Sum(seeds.Select(s => s.Honest.VoidedByDetector)));
    }

    private static Dictionary<string, int> Sum(IEnumerable<IReadOnlyDictionary<string, int>> parts)
    {
        return parts.SelectMany(p => p).GroupBy(kv => kv.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
    }
}
