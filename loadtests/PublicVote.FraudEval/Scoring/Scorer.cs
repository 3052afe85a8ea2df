using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.FraudEval.Replay;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Scoring;

/// <summary>
/// Scores a replay against the ground truth (protocol C4). An oracle reviewer confirms a case when at least half of
/// its votes are attack votes and voids them all; otherwise it dismisses the case and its held votes are restored.
/// </summary>
internal static class Scorer
{
    public static readonly TimeSpan ContainLatency = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DripDeadline = TimeSpan.FromHours(72);

    public static SeedResult Score(ReplayLog log, TimeSpan elapsed, IReadOnlyDictionary<string, TimeSpan> detectorTime)
    {
        var scenario = log.Scenario;
        var votes = scenario.Votes;
        var voided = new bool[votes.Count];
        var falseByDetector = new Dictionary<string, int>(StringComparer.Ordinal);
        int falseCases = 0, pushCases = 0, canvassCases = 0, emptyCases = 0;
        var pushSummaries = new List<string>();
        var voidedBy = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        foreach (var c in log.Cases)
        {
            if (c.Votes.Count == 0)
            {
                // A case naming no vote (a surge case whose votes all scored too low to hold) has no majority to
                // judge by; it is judged by what its candidate went through while the case ran.
                emptyCases++;
                var verdict = JudgeEmpty(scenario, c);
                if (verdict == EmptyCase.Attack)
                {
                    continue;
                }
                falseCases++;
                falseByDetector[c.Detector] = falseByDetector.GetValueOrDefault(c.Detector) + 1;
                if (verdict == EmptyCase.Push)
                {
                    pushCases++;
                    pushSummaries.Add($"{c.Detector}: {c.LastSummary}");
                }
                continue;
            }
            var attack = c.Votes.Count(i => votes[i].Label.IsAttack);
            if (attack * 2 >= c.Votes.Count)
            {
                foreach (var i in c.Votes)
                {
                    voided[i] = true;
                    if (!votes[i].Label.IsAttack)
                    {
                        (voidedBy.TryGetValue(c.Detector, out var set) ? set : voidedBy[c.Detector] = []).Add(i);
                    }
                }
                continue;
            }
            falseCases++;
            falseByDetector[c.Detector] = falseByDetector.GetValueOrDefault(c.Detector) + 1;
            if (c.Votes.Count(i => votes[i].Label.Honest == HonestKind.Push) * 2 >= c.Votes.Count)
            {
                pushCases++;
                pushSummaries.Add($"{c.Detector}: {c.LastSummary}");
            }
            if (c.Votes.Count(i => votes[i].Label.Honest == HonestKind.Canvass) * 2 >= c.Votes.Count)
            {
                canvassCases++;
            }
        }

        var honestVotes = new Dictionary<HonestKind, int>();
        var honestHeld = new Dictionary<HonestKind, int>();
        var honestVoided = new Dictionary<HonestKind, int>();
        int heldTotal = 0, heldAttack = 0;
        var heldBy = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < votes.Count; i++)
        {
            var held = log.Held[i] is not null;
            heldTotal += held ? 1 : 0;
            if (votes[i].Label.Honest is not { } kind)
            {
                heldAttack += held ? 1 : 0;
                continue;
            }
            foreach (var detector in held ? log.FlaggedBy[i] ?? [] : [])
            {
                heldBy[detector] = heldBy.GetValueOrDefault(detector) + 1;
            }
            honestVotes[kind] = honestVotes.GetValueOrDefault(kind) + 1;
            honestHeld[kind] = honestHeld.GetValueOrDefault(kind) + (held ? 1 : 0);
            honestVoided[kind] = honestVoided.GetValueOrDefault(kind) + (voided[i] ? 1 : 0);
        }
        var honest = new HonestResult(honestVotes, honestHeld, honestVoided, log.Cases.Count, falseCases, falseByDetector,
            pushCases, canvassCases, emptyCases, pushSummaries, heldBy, voidedBy.ToDictionary(kv => kv.Key, kv => kv.Value.Count, StringComparer.Ordinal));

        var episodes = scenario.Episodes.Select(e => ScoreEpisode(log, e, voided)).ToList();
        return new SeedResult(scenario.Seed, votes.Count, scenario.Population.Scale.Candidates, scenario.Population.Scale.Days,
            episodes, honest, heldTotal, heldAttack, elapsed, detectorTime);
    }

    /// <summary>
    /// What a case without votes was about: the push, if a push ran while the case did and brought its candidate
    /// votes; else an attack, if an episode on its candidate ran meanwhile; else nothing (a false case).
    /// </summary>
    internal static EmptyCase JudgeEmpty(Scenario scenario, ReplayLog.Case c)
    {
        var from = c.From < c.Opened ? c.From : c.Opened;
        var to = c.To > c.LastReport ? c.To : c.LastReport;
        foreach (var (start, end) in scenario.Pushes)
        {
            if (start <= to && end >= from
                && scenario.Votes.Any(v => v.CandidateId == c.CandidateId && v.Label.Honest == HonestKind.Push && v.At >= start && v.At <= end))
            {
                return EmptyCase.Push;
            }
        }
        return scenario.Episodes.Any(e => e.Targets.Contains(c.CandidateId) && e.Start <= to && e.End >= from) ? EmptyCase.Attack : EmptyCase.False;
    }

    private static EpisodeResult ScoreEpisode(ReplayLog log, Episode episode, bool[] voided)
    {
        var votes = log.Scenario.Votes;
        var mine = Enumerable.Range(0, votes.Count).Where(i => votes[i].Label.IsAttack && votes[i].Label.Episode == episode.Id).ToList();
        var target = mine.Where(i => !votes[i].Label.Camouflage).ToList();
        var camouflage = mine.Where(i => votes[i].Label.Camouflage).ToList();
        var deadline = episode.Kind == AttackKind.SlowDrip ? episode.Start + DripDeadline : DateTimeOffset.MaxValue;

        var firstFlag = target.Select(i => log.Flagged[i]).Where(t => t is not null).Min();
        var contain = ContainedAt(log, target);
        var byDetector = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var i in target)
        {
            foreach (var detector in log.FlaggedBy[i] ?? [])
            {
                byDetector[detector] = byDetector.GetValueOrDefault(detector) + 1;
            }
        }

        // Precision of the holds on the targeted candidates around the episode.
        var targets = episode.Targets.ToHashSet();
        var from = episode.Start.AddHours(-1);
        var to = episode.End.AddHours(6);
        var around = Enumerable.Range(0, votes.Count)
            .Where(i => log.Held[i] is not null && targets.Contains(votes[i].CandidateId) && votes[i].At >= from && votes[i].At <= to).ToList();
        var precision = around.Count == 0 ? double.NaN : around.Count(i => votes[i].Label.IsAttack) / (double)around.Count;

        int members = 0, found = 0, foundByRound2 = 0;
        var memberPrecision = double.NaN;
        if (episode.Kind == AttackKind.VoteExchange)
        {
            (members, found, foundByRound2, memberPrecision) = Members(log, episode, target);
        }
        return new EpisodeResult(log.Scenario.Seed, episode, target.Count, camouflage.Count,
            target.Count(i => log.Flagged[i] is not null),
            target.Count(i => log.Held[i] is not null),
            target.Count(i => votes[i].At < deadline),
            target.Count(i => votes[i].At < deadline && log.Held[i] is { } held && held <= deadline),
            target.Count(i => voided[i]),
            camouflage.Count(i => log.Held[i] is not null),
            firstFlag is { } flag ? flag - episode.Start : null,
            contain is { } at ? at - episode.Start : null,
            target.Count(i => contain is not { } at2 || votes[i].At < at2),
            PeakLeak(log, target),
            precision,
            byDetector,
            members, found, foundByRound2, memberPrecision);
    }

    /// <summary>
    /// The earliest hold time T after which at least 95 % of the episode's later target votes are held within
    /// <see cref="ContainLatency"/> of being cast; null if that never happens.
    /// </summary>
    private static DateTimeOffset? ContainedAt(ReplayLog log, List<int> target)
    {
        var votes = log.Scenario.Votes;
        var candidates = target.Select(i => log.Held[i]).OfType<DateTimeOffset>().Distinct().Order().ToList();
        foreach (var t in candidates)
        {
            var later = target.Where(i => votes[i].At >= t).ToList();
            var prompt = later.Count(i => log.Held[i] is { } held && held - votes[i].At <= ContainLatency);
            if (later.Count == 0 || prompt >= 0.95 * later.Count)
            {
                return t;
            }
        }
        return null;
    }

    private static int PeakLeak(ReplayLog log, List<int> target)
    {
        var events = new List<(DateTimeOffset At, int Delta)>();
        foreach (var i in target)
        {
            events.Add((log.Scenario.Votes[i].At, +1));
            if (log.Held[i] is { } held)
            {
                events.Add((held, -1));
            }
        }
        events.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Delta.CompareTo(b.Delta));
        int standing = 0, peak = 0;
        foreach (var (_, delta) in events)
        {
            standing += delta;
            peak = Math.Max(peak, standing);
        }
        return peak;
    }

    private static (int Members, int Found, int FoundByRound2, double Precision) Members(ReplayLog log, Episode episode, List<int> target)
    {
        var votes = log.Scenario.Votes;
        var members = target.Select(i => votes[i].Voter.Key).ToHashSet(StringComparer.Ordinal);
        var round2 = episode.Rounds.Count > 1 ? episode.Rounds[1].AddMinutes(90) : DateTimeOffset.MaxValue;
        var found = new HashSet<string>(StringComparer.Ordinal);
        var foundEarly = new HashSet<string>(StringComparer.Ordinal);
        foreach (var i in target)
        {
            if (log.FlaggedBy[i]?.Contains(LockstepDetector.DetectorName) == true)
            {
                found.Add(votes[i].Voter.Key);
                if (log.Flagged[i] <= round2)
                {
                    foundEarly.Add(votes[i].Voter.Key);
                }
            }
        }
        // Everyone the lockstep cases on the group's candidates name: how many are members.
        var targets = episode.Targets.ToHashSet();
        var named = log.Cases.Where(c => c.Detector == LockstepDetector.DetectorName && targets.Contains(c.CandidateId))
            .SelectMany(c => c.Votes).Select(i => votes[i].Voter.Key).ToHashSet(StringComparer.Ordinal);
        var precision = named.Count == 0 ? double.NaN : named.Count(members.Contains) / (double)named.Count;
        return (members.Count, found.Count, foundEarly.Count, precision);
    }
}

/// <summary>The verdict on a case that names no vote.</summary>
internal enum EmptyCase
{
    /// <summary>Raised while an attack ran on its candidate: a true alarm with nothing to void.</summary>
    Attack,

    /// <summary>Raised while the push brought its candidate votes: a case on the push.</summary>
    Push,

    /// <summary>Neither: a false case.</summary>
    False,
}
