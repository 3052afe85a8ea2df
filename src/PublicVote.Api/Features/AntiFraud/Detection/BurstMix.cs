namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// The running composition of one burst's votes: counts and baseline weights per prefix and UA hash, and per share
/// feature. Votes are folded in once, as the burst grows, so each evaluation costs only its new votes.
/// </summary>
public sealed class BurstMix
{
    private const int ShareFeatures = 4;

    public Dictionary<string, (int Votes, double Weight)> Prefixes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, (int Votes, double Weight)> UserAgents { get; } = new(StringComparer.Ordinal);

    public (int Votes, double Weight) PrefixTotal { get; private set; }

    public (int Votes, double Weight) UserAgentTotal { get; private set; }

    /// <summary>Per vote folded, a bit per share feature the vote has (bit 0 = <see cref="VoteFeature.Fresh"/>).</summary>
    public List<byte> Flags { get; } = [];

    /// <summary>The candidate's own share of each share feature just before the burst; NaN with too few votes.</summary>
    public double[] Before { get; } = new double[ShareFeatures];

    private readonly int[] _known = new int[ShareFeatures];
    private readonly int[] _positive = new int[ShareFeatures];
    private readonly double[] _knownWeight = new double[ShareFeatures];
    private readonly double[] _positiveWeight = new double[ShareFeatures];

    public BurstMix(BurstEpisode episode, CompositionBaseline baseline)
    {
        for (var f = VoteFeature.Fresh; f <= VoteFeature.NovelPrefix; f++)
        {
            var own = episode.Before.Select(v => baseline.Has(v, f)).Where(h => h is not null).ToList();
            Before[Index(f)] = own.Count >= 20 ? own.Count(h => h == true) / (double)own.Count : double.NaN;
        }
    }

    public void Fold(List<VoteEvent> votes, CompositionBaseline baseline)
    {
        for (var i = Flags.Count; i < votes.Count; i++)
        {
            var vote = votes[i];
            var weight = baseline.Weight(vote.At);
            if (vote.IpPrefix.Length > 0)
            {
                Prefixes[vote.IpPrefix] = Add(Prefixes.GetValueOrDefault(vote.IpPrefix), weight);
                PrefixTotal = Add(PrefixTotal, weight);
            }
            if (vote.UaHash.Length > 0)
            {
                UserAgents[vote.UaHash] = Add(UserAgents.GetValueOrDefault(vote.UaHash), weight);
                UserAgentTotal = Add(UserAgentTotal, weight);
            }
            byte flags = 0;
            for (var f = VoteFeature.Fresh; f <= VoteFeature.NovelPrefix; f++)
            {
                if (baseline.Has(vote, f) is not { } has)
                {
                    continue;
                }
                var k = Index(f);
                _known[k]++;
                _knownWeight[k] += weight;
                if (has)
                {
                    _positive[k]++;
                    _positiveWeight[k] += weight;
                    flags |= (byte)(1 << k);
                }
            }
            Flags.Add(flags);
        }
    }

    public (int Known, int Positive, double KnownWeight, double PositiveWeight) Share(VoteFeature feature)
    {
        var k = Index(feature);
        return (_known[k], _positive[k], _knownWeight[k], _positiveWeight[k]);
    }

    public static bool Has(byte flags, VoteFeature feature) => (flags & (1 << Index(feature))) != 0;

    private static int Index(VoteFeature feature) => feature - VoteFeature.Fresh;

    private static (int, double) Add((int Votes, double Weight) sum, double weight) => (sum.Votes + 1, sum.Weight + weight);
}
