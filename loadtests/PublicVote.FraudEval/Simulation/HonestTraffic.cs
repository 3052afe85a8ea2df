namespace PublicVote.FraudEval.Simulation;

/// <summary>
/// Honest traffic (protocol C2): voters' own sittings on the diurnal curve (1–5 votes, their favourite candidates,
/// some coming back on later days), share cascades per candidate (Hawkes: a vote is shared with probability
/// 5–15 % and brings on average 0.5–0.85 votes in all, after a log-normal delay with a 20-minute median; most
/// children are new voters), official-account pushes (×5 traffic for 2 h, by popularity) and company canvassing
/// (1–3 calls per organisation to 50–500 staff, 40–70 % answering within hours, 30 % of them on office Wi-Fi).
/// </summary>
internal sealed class HonestTraffic(Population population, Rng rng)
{
    private static readonly double[] SittingSize = Rng.Cumulative([0.45, 0.25, 0.15, 0.10, 0.05]);

    private readonly List<SimVote> _votes = [];
    private readonly List<SimVoter> _organic = [];

    /// <summary>Push windows (start, end) for the report.</summary>
    public List<(DateTimeOffset Start, DateTimeOffset End)> Pushes { get; } = [];

    public List<SimVote> Generate(int pushes, (int Min, int Max) staffGroup)
    {
        var scale = population.Scale;
        var branching = population.CandidateIds.Select(_ => rng.Uniform(0.5, 0.85)).ToArray();
        var shareProb = population.CandidateIds.Select(_ => rng.Uniform(0.05, 0.15)).ToArray();

        for (var i = 0; i < scale.OrganicVoters; i++)
        {
            OrganicVoter();
        }
        for (var p = 0; p < pushes; p++)
        {
            Push();
        }
        for (var org = 0; org < scale.Organisations; org++)
        {
            Canvass(org, staffGroup);
        }
        // Cascades last: organic and push votes seed them, children seed further.
        var index = population.CandidateIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var queue = new Queue<SimVote>(_votes.Where(v => v.Label.Honest is HonestKind.Organic or HonestKind.Push));
        while (queue.Count > 0)
        {
            var parent = queue.Dequeue();
            var c = index[parent.CandidateId];
            if (!rng.Chance(shareProb[c]))
            {
                continue;
            }
            var children = rng.Poisson(branching[c] / shareProb[c]);
            for (var k = 0; k < children; k++)
            {
                var at = parent.At.AddMinutes(Math.Min(rng.LogNormal(20, 1.5), 48 * 60));
                if (at >= population.End)
                {
                    continue;
                }
                // Half the people a share reaches are new to the campaign; the others have voted before.
                var voter = _organic.Count > 0 && rng.Chance(0.5) ? rng.Pick(_organic) : population.NewVoter(rng, at, returningShare: 0.2);
                var picks = new List<int> { c };
                var extra = rng.Chance(0.3) ? rng.Int(1, 2) : 0;
                for (var e = 0; e < extra; e++)
                {
                    picks.Add(population.PickCandidate(rng));
                }
                // Shares of push votes are cascades too: candidate-specific, unlike the push itself.
                var added = Sitting(voter, at, picks, VoteLabel.Cascade);
                if (added.Count > 0 && added[0].CandidateId == parent.CandidateId)
                {
                    queue.Enqueue(added[0]);
                }
            }
        }
        return _votes;
    }

    private void OrganicVoter()
    {
        var days = population.Scale.Days;
        var joinDay = rng.Int(0, days - 1);
        var first = population.At(joinDay, Diurnal.SampleHour(rng));
        var voter = population.NewVoter(rng, first);
        _organic.Add(voter);
        var favourites = new List<int>();
        while (favourites.Count < 5)
        {
            var c = population.PickCandidate(rng);
            if (!favourites.Contains(c))
            {
                favourites.Add(c);
            }
        }
        for (var day = joinDay; day < days; day++)
        {
            if (day > joinDay && !rng.Chance(0.25))
            {
                continue;
            }
            var start = day == joinDay ? first : population.At(day, Diurnal.SampleHour(rng));
            var size = rng.PickCumulative(SittingSize) + 1;
            Sitting(voter, start, favourites.Take(size).ToList(), VoteLabel.Organic);
        }
    }

    private void Push()
    {
        var day = rng.Int(1, population.Scale.Days - 1);
        var start = population.At(day, (rng.Chance(0.5) ? 12 : 20) + rng.Uniform(0, 1));
        var end = start.AddHours(2);
        Pushes.Add((start, end));
        // Four times the organic sittings of the window on top of them: ×5 once their cascades follow too.
        var organic = _votes.Count(v => v.Label.Honest == HonestKind.Organic && v.At >= start && v.At < end);
        var extra = (int)(organic * 4 / 2.05);
        for (var i = 0; i < extra; i++)
        {
            // Interest in an article decays: density falling linearly over the two hours.
            var at = start.AddHours(2 * (1 - Math.Sqrt(rng.Uniform())));
            var voter = population.NewVoter(rng, at, returningShare: 0.3);
            var picks = Enumerable.Range(0, rng.Int(1, 3)).Select(_ => population.PickCandidate(rng)).ToList();
            Sitting(voter, at, picks, VoteLabel.Push);
        }
    }

    private void Canvass(int org, (int Min, int Max) staffGroup)
    {
        var own = Enumerable.Range(0, population.Scale.Candidates).Where(c => population.OrgOf[c] == org).ToArray();
        var staff = new List<SimVoter>();
        var poolSize = (int)(staffGroup.Max * 1.2);
        // In time order, so that a staff member's first sign-in comes before all their votes.
        var calls = Enumerable.Range(0, rng.Int(1, 3))
            .Select(_ => population.At(rng.Int(0, population.Scale.Days - 1), rng.Uniform(9, 17))).Order().ToList();
        foreach (var at in calls)
        {
            var picks = rng.Chance(0.6) ? [rng.Pick(own)] : own.OrderBy(_ => rng.Uniform()).Take(rng.Int(2, 3)).ToList();
            var group = rng.Int(staffGroup.Min, staffGroup.Max);
            var answering = rng.Uniform(0.4, 0.7);
            for (var m = 0; m < group; m++)
            {
                if (!rng.Chance(answering))
                {
                    continue;
                }
                var when = at.AddMinutes(Math.Min(rng.LogNormal(25, 0.8), 180));
                SimVoter member;
                if (staff.Count < poolSize && (staff.Count == 0 || rng.Chance(0.8)))
                {
                    member = population.NewVoter(rng, when, office: rng.Pick(population.OfficePrefixes[org]));
                    staff.Add(member);
                }
                else
                {
                    member = rng.Pick(staff);
                }
                var prefix = rng.Chance(0.3) ? member.OfficePrefix! : member.HomePrefix.Length > 0 ? member.HomePrefix : population.CarrierPrefix(rng);
                Sitting(member, when, picks, VoteLabel.Canvass, prefix);
            }
        }
    }

    private List<SimVote> Sitting(SimVoter voter, DateTimeOffset start, IReadOnlyList<int> candidates, VoteLabel label, string? prefix = null)
    {
        prefix ??= population.PrefixFor(voter, start, rng);
        var added = new List<SimVote>();
        var at = start;
        foreach (var c in candidates)
        {
            if (at >= population.End)
            {
                break;
            }
            var id = population.CandidateIds[c];
            if (voter.TryVote(population.LocalDay(at), id))
            {
                var vote = new SimVote(at, id, voter, prefix, voter.Ua, Population.HonestDwellMs(rng), label);
                _votes.Add(vote);
                added.Add(vote);
            }
            at = at.AddSeconds(rng.Uniform(10, 60));
        }
        return added;
    }
}
