using System.Globalization;
using PublicVote.Api.Features.Voting;

namespace PublicVote.FraudEval.Simulation;

/// <summary>One injected attack: its kind, the candidates it pushes, its span and its knobs (for the report).</summary>
internal sealed record Episode(int Id, AttackKind Kind, bool Camouflage, long[] Targets, DateTimeOffset Start, DateTimeOffset End, string Knobs)
{
    /// <summary>The attack's accounts (voter keys).</summary>
    public HashSet<string> Accounts { get; } = new(StringComparer.Ordinal);

    /// <summary>Start of each synchronized round (vote-exchange groups only).</summary>
    public List<DateTimeOffset> Rounds { get; } = [];
}

/// <summary>
/// Attack injectors (protocol C3), knobs drawn per episode from the protocol's ranges. Targets are candidates
/// ranked 4–15 (bursts), a mid-table candidate the drip can lift by ~30 %, and 5–20 candidates of several
/// organisations (vote-exchange group). Camouflage: every attack account also votes for 1–3 of the favourites (top 7 %: 20 of 300).
/// </summary>
internal sealed class AttackInjector(Population population, Rng rng, IReadOnlyList<SimVote> honest)
{
    private readonly HashSet<long> _used = [];
    private readonly Dictionary<long, double> _daily = honest.GroupBy(v => v.CandidateId)
        .ToDictionary(g => g.Key, g => g.Count() / (double)population.Scale.Days);
    private int _accounts;

    public List<SimVote> Votes { get; } = [];

    public List<Episode> Episodes { get; } = [];

    public void FreshBurst(bool camouflage)
    {
        var target = PickTarget(3, 15);
        var count = Volume(target);
        var minutes = rng.Uniform(10, 60);
        var start = StartWithin(TimeSpan.FromMinutes(minutes));
        var prefixes = Enumerable.Range(0, rng.Int(1, 5)).Select(k => Population.V4(103, 9000 + (Episodes.Count * 8) + k)).ToArray();
        var templates = Enumerable.Range(0, rng.Int(1, 10))
            .Select(k => rng.Chance(0.3) ? population.CommonIosUa(rng) : StableHash.UserAgent($"script-{Episodes.Count}-{k}")).ToArray();
        var threads = rng.Int(1, 8);
        var jitter = rng.Uniform(0.05, 1.0);
        var episode = Begin(AttackKind.FreshBurst, camouflage, [target], start, start.AddMinutes(minutes),
            $"{count} votes in {minutes:F0} min, {prefixes.Length} prefixes, {templates.Length} UA templates, {threads} threads, jitter ±{jitter:P0}");
        Threads(threads, count, start, minutes, jitter, (t, at) =>
        {
            var account = Account(episode, at, fresh: true, home: "");
            Cast(episode, account, at, target, rng.Pick(prefixes), templates[t % templates.Length], rng.Int(500, 3000), camouflage);
        });
    }

    public void IpRotation(bool camouflage)
    {
        var target = PickTarget(3, 15);
        var count = Volume(target);
        var minutes = rng.Uniform(10, 60);
        var start = StartWithin(TimeSpan.FromMinutes(minutes));
        var overlap = rng.Uniform(0, 1);
        var pool = Enumerable.Range(0, rng.Int(200, 1000))
            .Select(i => rng.Chance(overlap)
                ? rng.Chance(0.5) ? population.CarrierPrefix(rng) : rng.Pick(population.HomePrefixes)
                : Population.V4(117 + (i % 3), 20_000 + (Episodes.Count * 1000) + i))
            .ToArray();
        var freshness = rng.Uniform(0, 1);
        var threads = rng.Int(4, 16);
        var episode = Begin(AttackKind.IpRotation, camouflage, [target], start, start.AddMinutes(minutes),
            $"{count} votes in {minutes:F0} min, pool {pool.Length} prefixes ({overlap:P0} shared with honest), fresh {freshness:P0}, {threads} threads");
        Threads(threads, count, start, minutes, rng.Uniform(0.3, 1.0), (_, at) =>
        {
            var account = Account(episode, at, fresh: rng.Chance(freshness), home: "");
            Cast(episode, account, at, target, rng.Pick(pool), population.RealisticUa(rng), rng.Int(3000, 15_000), camouflage);
        });
    }

    public void SlowDrip(bool camouflage)
    {
        var perHour = rng.Uniform(2, 10);
        // The candidate a drip of this rate lifts by about 30 %.
        var wanted = perHour * 24 / 0.3;
        var target = population.ByPopularity.Skip(3).Select(i => population.CandidateIds[i]).Where(id => !_used.Contains(id))
            .MinBy(id => Math.Abs(Math.Log(_daily.GetValueOrDefault(id, 1) / wanted)));
        _used.Add(target);
        var days = rng.Int(population.Scale.DripDays.Min, population.Scale.DripDays.Max);
        var start = population.At(rng.Int(1, population.Scale.Days - days), rng.Uniform(0, 24));
        var end = start.AddDays(days) < population.End ? start.AddDays(days) : population.End;
        var returning = rng.Uniform(0.7, 1);
        var episode = Begin(AttackKind.SlowDrip, camouflage, [target], start, end,
            $"{perHour:F1} votes/h for {days} d on a candidate with {_daily.GetValueOrDefault(target):F0} honest votes/day, {returning:P0} returning accounts");
        // Non-homogeneous Poisson arrivals following the diurnal curve, by thinning.
        var peakRate = perHour / Diurnal.Mean;
        for (var at = start.AddHours(Exponential(peakRate)); at < end; at = at.AddHours(Exponential(peakRate)))
        {
            if (!rng.Chance(Diurnal.Shape((at - population.Start).TotalHours % 24)))
            {
                continue;
            }
            var account = Account(episode, at, fresh: !rng.Chance(returning), home: rng.Pick(population.HomePrefixes));
            Cast(episode, account, at, target, account.HomePrefix, account.Ua, Population.HonestDwellMs(rng), camouflage);
        }
    }

    public void VoteExchange(bool camouflage)
    {
        var scale = population.Scale;
        var size = rng.Int(scale.GroupCandidates.Min, scale.GroupCandidates.Max);
        long[] group;
        do
        {
            group = [.. population.ByPopularity.Skip(9).Take(Math.Min(100, scale.Candidates) - 9)
                .Select(i => population.CandidateIds[i]).Where(id => !_used.Contains(id)).OrderBy(_ => rng.Uniform()).Take(size)];
        }
        while (group.Select(id => population.OrgOf[id - population.CandidateIds[0]]).Distinct().Count() < 2);
        _used.UnionWith(group);
        var members = rng.Int(scale.GroupMembers.Min, scale.GroupMembers.Max);
        var rounds = rng.Int(scale.GroupRounds.Min, scale.GroupRounds.Max);
        var firstDay = rng.Int(1, scale.Days - rounds);
        var answering = rng.Uniform(0.8, 0.95);
        var calls = Enumerable.Range(firstDay, rounds).Select(d => population.At(d, rng.Uniform(9, 22))).ToList();
        var episode = Begin(AttackKind.VoteExchange, camouflage, group, calls[0], calls[^1].AddHours(2),
            $"{members} members, {group.Length} candidates, {rounds} daily rounds, {answering:P0} answering each call");
        episode.Rounds.AddRange(calls);
        var accounts = Enumerable.Range(0, members).Select(_ => population.NewVoter(rng, calls[0], returningShare: 0.8)).ToList();
        foreach (var call in calls)
        {
            foreach (var member in accounts)
            {
                if (!rng.Chance(answering))
                {
                    continue;
                }
                episode.Accounts.Add(member.Key);
                var at = call.AddMinutes(rng.Uniform(0, 60));
                var prefix = population.PrefixFor(member, at, rng);
                var picks = group.ToList();
                rng.Shuffle(picks);
                foreach (var candidate in picks)
                {
                    Cast(episode, member, at, candidate, prefix, member.Ua, Population.HonestDwellMs(rng), camouflage: false);
                    at = at.AddSeconds(rng.Uniform(10, 40));
                }
                if (camouflage)
                {
                    Camouflage(episode, member, at, prefix, member.Ua);
                }
            }
        }
    }

    private void Threads(int threads, int count, DateTimeOffset start, double minutes, double jitter, Action<int, DateTimeOffset> vote)
    {
        var interval = threads * minutes * 60 / count;
        for (var t = 0; t < threads; t++)
        {
            var at = start.AddSeconds(rng.Uniform(0, interval));
            for (var i = t; i < count; i += threads)
            {
                vote(t, at);
                at = at.AddSeconds(interval * (1 + rng.Uniform(-jitter, jitter)));
            }
        }
    }

    private void Cast(Episode episode, SimVoter account, DateTimeOffset at, long candidate, string prefix, string ua, int dwellMs, bool camouflage)
    {
        if (at >= population.End || !account.TryVote(population.LocalDay(at), candidate))
        {
            return;
        }
        Votes.Add(new SimVote(at, candidate, account, prefix, ua, dwellMs, VoteLabel.Attack(episode.Id, camouflage: false)));
        if (camouflage)
        {
            Camouflage(episode, account, at.AddSeconds(rng.Uniform(10, 40)), prefix, ua);
        }
    }

    private void Camouflage(Episode episode, SimVoter account, DateTimeOffset at, string prefix, string ua)
    {
        // The favourites: the top 7 % of candidates (20 of 300).
        var top = population.ByPopularity.Take(Math.Max(3, population.Scale.Candidates * 7 / 100)).Select(i => population.CandidateIds[i]).ToList();
        for (var k = rng.Int(1, 3); k > 0; k--)
        {
            var candidate = rng.Pick(top);
            if (at < population.End && account.TryVote(population.LocalDay(at), candidate))
            {
                Votes.Add(new SimVote(at, candidate, account, prefix, ua, Population.HonestDwellMs(rng), VoteLabel.Attack(episode.Id, camouflage: true)));
            }
            at = at.AddSeconds(rng.Uniform(10, 40));
        }
    }

    private SimVoter Account(Episode episode, DateTimeOffset at, bool fresh, string home)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"a{episode.Id:x2}{_accounts++:x6}");
        DateTimeOffset firstSeen = fresh ? at.AddMinutes(-rng.Uniform(0.5, 10)) : population.Start.AddDays(-rng.Uniform(30, 700));
        var account = new SimVoter(key, firstSeen, home, population.RealisticUa(rng));
        episode.Accounts.Add(key);
        return account;
    }

    private Episode Begin(AttackKind kind, bool camouflage, long[] targets, DateTimeOffset start, DateTimeOffset end, string knobs)
    {
        var episode = new Episode(Episodes.Count, kind, camouflage, targets, start, end, knobs);
        Episodes.Add(episode);
        return episode;
    }

    private long PickTarget(int fromRank, int toRank)
    {
        var choices = population.ByPopularity.Skip(fromRank).Take(toRank - fromRank).Select(i => population.CandidateIds[i])
            .Where(id => !_used.Contains(id)).ToList();
        var target = choices.Count > 0 ? rng.Pick(choices) : population.CandidateIds.First(id => !_used.Contains(id));
        _used.Add(target);
        return target;
    }

    private int Volume(long target) =>
        (int)Math.Clamp(Math.Round(rng.Uniform(0.5, 5) * _daily.GetValueOrDefault(target)), population.Scale.AttackVotes.Min, population.Scale.AttackVotes.Max);

    private DateTimeOffset StartWithin(TimeSpan duration) =>
        population.At(rng.Int(1, population.Scale.Days - 1), rng.Uniform(0, 24 - duration.TotalHours - 0.01));

    private double Exponential(double ratePerHour) => -Math.Log(1 - rng.Uniform()) / ratePerHour;
}
