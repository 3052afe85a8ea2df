namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// One campaign's recent share of votes from fresh voters and with machine-fast or short dwell, exponentially
/// decayed (half-life <see cref="CompositionDetectorOptions.BaselineHalfLife"/>), and the test of a burst's votes
/// against it: the burst detector's check that a burst of modest size is carried by voters unlike the campaign's.
/// No keys are kept: three pairs of sums per campaign.
/// </summary>
public sealed class VoterShares(DateTimeOffset origin, CompositionDetectorOptions options)
{
    private static readonly VoteFeature[] Features = [VoteFeature.Fresh, VoteFeature.MachineDwell, VoteFeature.ShortDwell];

    // Baseline weight (≈ votes) below which a feature is not judged: the campaign's first minutes.
    private const double MinBaselineVotes = 100;

    private readonly DecayClock _clock = new(origin, options.BaselineHalfLife);
    private readonly double[] _known = new double[Features.Length];
    private readonly double[] _positive = new double[Features.Length];

    public void Add(VoteEvent vote)
    {
        var scale = _clock.Rescale(vote.At);
        if (scale != 1)
        {
            for (var i = 0; i < Features.Length; i++)
            {
                _known[i] *= scale;
                _positive[i] *= scale;
            }
        }
        var weight = _clock.Weight(vote.At);
        for (var i = 0; i < Features.Length; i++)
        {
            if (Has(vote, Features[i], options) is { } has)
            {
                _known[i] += weight;
                _positive[i] += has ? weight : 0;
            }
        }
    }

    /// <summary>Whether the vote has the feature; null when the vote does not tell (no first-seen time, no dwell).</summary>
    public static bool? Has(VoteEvent vote, VoteFeature feature, CompositionDetectorOptions options) => feature switch
    {
        VoteFeature.Fresh => vote.VoterFirstSeen is { } seen ? vote.At - seen < options.FreshAge : null,
        VoteFeature.MachineDwell => vote.DwellMs is { } dwell ? dwell < options.MachineDwellMs : null,
        VoteFeature.ShortDwell => vote.DwellMs is { } dwell ? dwell < options.ShortDwellMs : null,
        _ => throw new ArgumentOutOfRangeException(nameof(feature)),
    };

    /// <summary>
    /// The features <paramref name="votes"/> (already added) carry far more often than the campaign's other recent
    /// votes: as the composition detector judges a share feature.
    /// </summary>
    public List<VoteFeature> Elevated(IReadOnlyList<VoteEvent> votes)
    {
        var elevated = new List<VoteFeature>();
        if (votes.Count == 0)
        {
            return elevated;
        }
        var now = _clock.Weight(votes[^1].At);
        for (var i = 0; i < Features.Length; i++)
        {
            int known = 0, positive = 0;
            double knownWeight = 0, positiveWeight = 0;
            foreach (var vote in votes)
            {
                if (Has(vote, Features[i], options) is not { } has)
                {
                    continue;
                }
                var weight = _clock.Weight(vote.At);
                known++;
                knownWeight += weight;
                if (has)
                {
                    positive++;
                    positiveWeight += weight;
                }
            }
            // The burst's own votes are part of the campaign sums; compare with the campaign without them.
            var restKnown = _known[i] - knownWeight;
            if (known == 0 || restKnown / now < MinBaselineVotes)
            {
                continue;
            }
            var usual = DetectorMath.Clamp01((_positive[i] - positiveWeight) / restKnown);
            if (DetectorMath.ShareElevated(positive, known, usual, options))
            {
                elevated.Add(Features[i]);
            }
        }
        return elevated;
    }
}
