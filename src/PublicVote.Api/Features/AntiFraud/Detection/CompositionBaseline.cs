namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>The vote features the composition detector compares a burst against.</summary>
public enum VoteFeature
{
    /// <summary>The vote came from a prefix that drives the burst.</summary>
    Prefix,

    /// <summary>The vote came with a UA hash that drives the burst.</summary>
    UserAgent,

    /// <summary>The voter was first seen shortly before the vote.</summary>
    Fresh,

    /// <summary>Machine-fast page-to-vote dwell.</summary>
    MachineDwell,

    /// <summary>Short page-to-vote dwell.</summary>
    ShortDwell,

    /// <summary>The prefix was new to the campaign.</summary>
    NovelPrefix,
}

/// <summary>
/// One campaign's recent vote mix, exponentially decayed: weight per prefix and per UA hash, and the weight of fresh
/// voters, machine-fast and short dwell and new prefixes. Bounded by <see cref="CompositionDetectorOptions.MaxKeys"/>.
/// </summary>
public sealed class CompositionBaseline(DateTimeOffset origin, CompositionDetectorOptions options)
{
    private const int ShareFeatures = 4;

    private readonly DecayClock _clock = new(origin, options.BaselineHalfLife);
    private readonly double[] _known = new double[ShareFeatures];
    private readonly double[] _positive = new double[ShareFeatures];

    public Dictionary<string, KeyWeight> Prefixes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KeyWeight> UserAgents { get; } = new(StringComparer.Ordinal);

    /// <summary>Weight of the votes that carry a prefix, and of those that carry a UA hash.</summary>
    public double PrefixTotal { get; private set; }

    public double UserAgentTotal { get; private set; }

    public double Weight(DateTimeOffset at) => _clock.Weight(at);

    public void Add(VoteEvent vote)
    {
        var scale = _clock.Rescale(vote.At);
        if (scale != 1)
        {
            Rescale(scale);
        }
        var weight = _clock.Weight(vote.At);
        PrefixTotal += AddKey(Prefixes, vote.IpPrefix, vote.At, weight);
        UserAgentTotal += AddKey(UserAgents, vote.UaHash, vote.At, weight);
        for (var f = VoteFeature.Fresh; f <= VoteFeature.NovelPrefix; f++)
        {
            if (Has(vote, f) is { } has)
            {
                _known[Index(f)] += weight;
                _positive[Index(f)] += has ? weight : 0;
            }
        }
        Prune(vote.At, weight);
    }

    private static double AddKey(Dictionary<string, KeyWeight> keys, string key, DateTimeOffset at, double weight)
    {
        if (key.Length == 0)
        {
            return 0;
        }
        if (!keys.TryGetValue(key, out var entry))
        {
            entry = new KeyWeight(at);
            keys.Add(key, entry);
        }
        entry.Weight += weight;
        return weight;
    }

    /// <summary>Whether the vote has the share feature <paramref name="feature"/>; null when the vote does not tell.</summary>
    public bool? Has(VoteEvent vote, VoteFeature feature) => feature switch
    {
        VoteFeature.NovelPrefix => vote.IpPrefix.Length == 0 ? null
            : !Prefixes.TryGetValue(vote.IpPrefix, out var prefix) || vote.At - prefix.FirstSeen < options.NovelPrefixAge,
        _ => VoterShares.Has(vote, feature, options),
    };

    /// <summary>Known and positive weight of a share feature.</summary>
    public (double Known, double Positive) Totals(VoteFeature feature) => (_known[Index(feature)], _positive[Index(feature)]);

    private static int Index(VoteFeature feature) => feature - VoteFeature.Fresh;

    private void Rescale(double scale)
    {
        foreach (var key in Prefixes.Values.Concat(UserAgents.Values))
        {
            key.Weight *= scale;
        }
        PrefixTotal *= scale;
        UserAgentTotal *= scale;
        for (var i = 0; i < ShareFeatures; i++)
        {
            _known[i] *= scale;
            _positive[i] *= scale;
        }
    }

    private void Prune(DateTimeOffset now, double unit)
    {
        Prune(Prefixes, unit);
        Prune(UserAgents, unit);

        void Prune(Dictionary<string, KeyWeight> keys, double oneVoteNow)
        {
            if (keys.Count <= options.MaxKeys)
            {
                return;
            }
            // Keys worth less than one vote today go first; if that is not enough, the fainter half.
            var cut = oneVoteNow;
            if (keys.Values.Count(k => k.Weight >= cut) > options.MaxKeys * 3 / 4)
            {
                var weights = keys.Values.Select(k => k.Weight).Order().ToArray();
                cut = weights[weights.Length / 2];
            }
            foreach (var key in keys.Where(k => k.Value.Weight < cut && k.Value.FirstSeen < now).Select(k => k.Key).ToArray())
            {
                keys.Remove(key);
            }
        }
    }

    public sealed class KeyWeight(DateTimeOffset firstSeen)
    {
        public DateTimeOffset FirstSeen { get; } = firstSeen;

        public double Weight { get; set; }
    }
}
