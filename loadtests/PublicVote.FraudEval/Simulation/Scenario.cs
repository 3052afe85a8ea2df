namespace PublicVote.FraudEval.Simulation;

/// <summary>A whole simulated campaign: honest traffic with the attacks injected, in vote-log order, plus the truth.</summary>
internal sealed class Scenario
{
    private Scenario(int seed, Population population, List<SimVote> votes, List<Episode> episodes, List<(DateTimeOffset, DateTimeOffset)> pushes)
    {
        Seed = seed;
        Population = population;
        Votes = votes;
        Episodes = episodes;
        Pushes = pushes;
    }

    public int Seed { get; }

    public Population Population { get; }

    public IReadOnlyList<SimVote> Votes { get; }

    public IReadOnlyList<Episode> Episodes { get; }

    public IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> Pushes { get; }

    public static Scenario Generate(Scale scale, int seed)
    {
        var rng = new Rng(seed);
        var population = new Population(scale, rng);
        var honestTraffic = new HonestTraffic(population, rng);
        var honest = honestTraffic.Generate(pushes: scale.Days >= 7 ? 2 : 1, scale.StaffGroup);
        var attacks = new AttackInjector(population, rng, honest);
        (int Count, Action Inject)[] plan =
        [
            (scale.FreshBursts, () => attacks.FreshBurst(camouflage: false)),
            (scale.IpRotations, () => attacks.IpRotation(camouflage: false)),
            (scale.SlowDrips, () => attacks.SlowDrip(camouflage: false)),
            (scale.VoteExchanges, () => attacks.VoteExchange(camouflage: false)),
            (scale.CamouflagedBursts, () => attacks.FreshBurst(camouflage: true)),
            (scale.CamouflagedDrips, () => attacks.SlowDrip(camouflage: true)),
            (scale.CamouflagedExchanges, () => attacks.VoteExchange(camouflage: true)),
        ];
        foreach (var (count, inject) in plan)
        {
            for (var i = 0; i < count; i++)
            {
                inject();
            }
        }
        var votes = honest.Concat(attacks.Votes).ToList();
        for (var i = 0; i < votes.Count; i++)
        {
            votes[i].Seq = i;
        }
        votes.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Seq.CompareTo(b.Seq));
        return new Scenario(seed, population, votes, attacks.Episodes, honestTraffic.Pushes);
    }
}
