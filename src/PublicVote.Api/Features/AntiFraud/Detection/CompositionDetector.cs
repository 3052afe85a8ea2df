using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// Burst composition (S2/S3 in the design): while a candidate is in a burst, which prefixes, UA hashes and kinds of
/// voters carry it compared with the campaign's recent votes. The finding names the drivers, holds the votes that
/// carry them (two of them when two or more drive the burst) and is the more severe the more machine-like the
/// drivers are: a company canvassing its staff from its office prefix is a driver prefix and fresh voters at most,
/// a script is machine-fast dwell on a handful of UA templates from a handful of prefixes.
/// </summary>
public sealed class CompositionDetector : IVoteDetector
{
    public const string DetectorName = "composition";

    // Baseline weight (≈ votes) below which a feature is not judged: the campaign's first minutes.
    private const double MinBaselineVotes = 100;
    private const int MaxListedDrivers = 10;

    private static readonly Dictionary<VoteFeature, double> SeverityWeights = new()
    {
        [VoteFeature.Prefix] = 0.10,
        [VoteFeature.UserAgent] = 0.20,
        [VoteFeature.Fresh] = 0.10,
        [VoteFeature.MachineDwell] = 0.30,
        [VoteFeature.ShortDwell] = 0.15,
        [VoteFeature.NovelPrefix] = 0.10,
    };

    private readonly Lock _gate = new();
    private readonly BurstTracker _tracker;
    private readonly CompositionDetectorOptions _options;
    private readonly Dictionary<long, CompositionBaseline> _baselines = [];
    private readonly Dictionary<BurstEpisode, BurstMix> _mixes = new(ReferenceEqualityComparer.Instance);

    public CompositionDetector(IOptions<BurstDetectorOptions> burst, IOptions<CompositionDetectorOptions> options)
    {
        _options = options.Value;
        _tracker = new BurstTracker(TriggerOf(burst.Value, _options));
    }

    private static BurstDetectorOptions TriggerOf(BurstDetectorOptions burst, CompositionDetectorOptions options) => new()
    {
        ShiftFactor = options.TriggerShiftFactor,
        Threshold = options.TriggerThreshold,
        MinExcess = options.TriggerMinExcess,
        MinWindowExcess = options.TriggerMinWindowExcess,
        RateHalfLife = burst.RateHalfLife,
        ShareHalfLife = burst.ShareHalfLife,
        MinExpectedPerMinute = burst.MinExpectedPerMinute,
        PriorVotes = burst.PriorVotes,
        WarmupVotes = burst.WarmupVotes,
        CusumCeiling = burst.CusumCeiling,
        QuietPeriod = burst.QuietPeriod,
        MaxEpisode = burst.MaxEpisode,
        Grace = burst.Grace,
        BufferWindow = burst.BufferWindow,
        MaxBufferedVotes = burst.MaxBufferedVotes,
        MaxReceipts = burst.MaxReceipts,
    };

    public string Name => DetectorName;

    public TimeSpan Lookback => _options.BaselineHalfLife > _tracker.Options.BufferWindow ? _options.BaselineHalfLife : _tracker.Options.BufferWindow;

    public void Observe(VoteEvent vote)
    {
        lock (_gate)
        {
            _tracker.Observe(vote);
            if (!_baselines.TryGetValue(vote.CampaignId, out var baseline))
            {
                baseline = new CompositionBaseline(vote.At, _options);
                _baselines.Add(vote.CampaignId, baseline);
            }
            baseline.Add(vote);
        }
    }

    public IReadOnlyList<Finding> Evaluate(DateTimeOffset now)
    {
        lock (_gate)
        {
            var findings = new List<Finding>();
            var episodes = _tracker.Advance(now);
            foreach (var episode in episodes)
            {
                if (_baselines.TryGetValue(episode.CampaignId, out var baseline) && Analyse(episode, baseline) is { } finding)
                {
                    findings.Add(finding);
                }
            }
            // The tracker forgets idle campaigns; the baselines follow.
            foreach (var id in _baselines.Keys.Where(id => !_tracker.Knows(id)).ToArray())
            {
                _baselines.Remove(id);
            }
            return findings;
        }
    }

    private Finding? Analyse(BurstEpisode episode, CompositionBaseline baseline)
    {
        if (!_mixes.TryGetValue(episode, out var mix))
        {
            _mixes[episode] = mix = new BurstMix(episode, baseline);
        }
        var votes = episode.Votes;
        mix.Fold(votes, baseline);
        if (episode.Closed)
        {
            _mixes.Remove(episode);
        }
        var now = votes.Count > 0 ? votes[^1].At : episode.To;
        var elevated = new List<FeatureTest>();
        var drivers = new Dictionary<VoteFeature, List<KeyTest>>
        {
            [VoteFeature.Prefix] = TestKeys(mix.Prefixes, mix.PrefixTotal, baseline.Prefixes, baseline.PrefixTotal, baseline, now),
            [VoteFeature.UserAgent] = TestKeys(mix.UserAgents, mix.UserAgentTotal, baseline.UserAgents, baseline.UserAgentTotal, baseline, now),
        };
        var tests = new List<FeatureTest>();
        foreach (var (feature, keys) in drivers)
        {
            if (keys.Exists(k => k.Driver))
            {
                elevated.Add(new FeatureTest(feature, keys.Where(k => k.Driver).Sum(k => k.Votes), votes.Count, 0, 0, 0, true));
            }
        }
        for (var feature = VoteFeature.Fresh; feature <= VoteFeature.NovelPrefix; feature++)
        {
            if (TestShare(mix, feature, baseline, now) is { } test)
            {
                tests.Add(test);
                if (test.Elevated)
                {
                    elevated.Add(test);
                }
            }
        }
        if (elevated.Count == 0)
        {
            return null;
        }

        var driverKeys = drivers.ToDictionary(d => d.Key, d => d.Value.Where(k => k.Driver).Select(k => k.Key).ToHashSet(StringComparer.Ordinal));
        // A vote carries at least half of the burst's drivers (at least two; one if only one drives it): under a
        // script's burst every driver is up, and a newcomer from a new prefix answering a call at the same time
        // carries two of them by chance, not half.
        var need = Math.Max(Math.Min(2, elevated.Count), (elevated.Count + 1) / 2);
        var implicated = new List<VoteEvent>();
        for (var i = 0; i < votes.Count; i++)
        {
            if (Score(votes[i], mix.Flags[i], elevated, driverKeys) >= need)
            {
                implicated.Add(votes[i]);
            }
        }
        var excess = Math.Max(1, episode.Observed - episode.Expected);
        var coverage = DetectorMath.Clamp01(implicated.Count / excess);
        var weight = elevated.Sum(e => SeverityWeights[e.Feature]);
        var severity = Math.Min(0.95, 0.2 + (weight * (0.5 + (0.5 * coverage))));
        if (severity < _options.MinSeverity)
        {
            return null;
        }

        var evidence = new JsonObject
        {
            ["burstVotes"] = votes.Count,
            ["burstExpected"] = Math.Round(episode.Expected, 1),
            ["implicatedVotes"] = implicated.Count,
            ["coverageOfExcess"] = Math.Round(coverage, 3),
            ["elevated"] = new JsonArray([.. elevated.Select(e => (JsonNode?)JsonValue.Create(Code(e.Feature)))]),
            ["features"] = new JsonArray([.. tests.Select(t => (JsonNode?)t.ToJson())]),
            ["prefixDrivers"] = KeysJson(drivers[VoteFeature.Prefix]),
            ["uaDrivers"] = KeysJson(drivers[VoteFeature.UserAgent]),
            ["distinctPrefixes"] = mix.Prefixes.Count,
            ["distinctUserAgents"] = mix.UserAgents.Count,
            ["closed"] = episode.Closed,
            ["receiptsTruncated"] = episode.Truncated,
        };
        return new Finding(DetectorName, episode.CampaignId, episode.CandidateId, severity, episode.From, episode.To,
            [.. implicated.Select(v => v.Receipt)], Summary(episode, elevated, drivers, tests, implicated.Count), evidence);
    }

    private static int Score(VoteEvent vote, byte flags, List<FeatureTest> elevated, Dictionary<VoteFeature, HashSet<string>> driverKeys)
    {
        var score = 0;
        foreach (var test in elevated)
        {
            var has = test.Feature switch
            {
                VoteFeature.Prefix => driverKeys[VoteFeature.Prefix].Contains(vote.IpPrefix),
                VoteFeature.UserAgent => driverKeys[VoteFeature.UserAgent].Contains(vote.UaHash),
                _ => BurstMix.Has(flags, test.Feature),
            };
            score += has ? 1 : 0;
        }
        return score;
    }

    private List<KeyTest> TestKeys(Dictionary<string, (int Votes, double Weight)> inBurst, (int Votes, double Weight) burstTotal,
        Dictionary<string, CompositionBaseline.KeyWeight> known, double total, CompositionBaseline baseline, DateTimeOffset now)
    {
        // The burst's own votes are part of the campaign counts; compare with the campaign without them.
        var rest = total - burstTotal.Weight;
        var n = burstTotal.Votes;
        var result = new List<KeyTest>();
        if (n == 0 || BaselineVotes(baseline, now, rest) < MinBaselineVotes)
        {
            return result;
        }
        foreach (var (k, (count, weight)) in inBurst)
        {
            if (count < _options.MinDriverVotes)
            {
                continue;
            }
            var usual = known.TryGetValue(k, out var kw) ? Math.Max(0, kw.Weight - weight) / rest : 0;
            var share = Math.Max(usual, 1e-6);
            var log10P = DetectorMath.Log10BinomialUpperTail(count, n, share);
            var driver = count >= _options.MinDriverLift * n * share && log10P <= _options.Log10Significance;
            result.Add(new KeyTest(k, count, n * usual, log10P, driver));
        }
        result.Sort((a, b) => b.Votes != a.Votes ? b.Votes.CompareTo(a.Votes) : string.CompareOrdinal(a.Key, b.Key));
        return result;
    }

    private FeatureTest? TestShare(BurstMix mix, VoteFeature feature, CompositionBaseline baseline, DateTimeOffset now)
    {
        var (n, k, knownWeight, positiveWeight) = mix.Share(feature);
        var (known, positive) = baseline.Totals(feature);
        var restKnown = known - knownWeight;
        if (n == 0 || restKnown <= 0)
        {
            return null;
        }
        var usual = DetectorMath.Clamp01((positive - positiveWeight) / restKnown);
        // Too little history to judge: report the figures, raise nothing.
        var judged = BaselineVotes(baseline, now, restKnown) >= MinBaselineVotes;
        var log10P = DetectorMath.Log10BinomialUpperTail(k, n, Math.Clamp(usual, 1e-4, 1 - 1e-9));
        var elevated = judged && DetectorMath.ShareElevated(k, n, usual, _options);
        return new FeatureTest(feature, k, n, usual, mix.Before[feature - VoteFeature.Fresh], log10P, elevated);
    }

    private static double BaselineVotes(CompositionBaseline baseline, DateTimeOffset now, double weight) => weight / baseline.Weight(now);

    private static JsonArray KeysJson(List<KeyTest> keys) =>
        [.. keys.Take(MaxListedDrivers).Select(k => (JsonNode?)new JsonObject
        {
            ["key"] = k.Key,
            ["votes"] = k.Votes,
            ["expected"] = Math.Round(k.Expected, 2),
            ["log10P"] = Math.Round(k.Log10P, 1),
            ["driver"] = k.Driver,
        })];

    private static string Summary(BurstEpisode episode, List<FeatureTest> elevated, Dictionary<VoteFeature, List<KeyTest>> drivers,
        List<FeatureTest> tests, int implicated)
    {
        var parts = new List<string>();
        foreach (var test in elevated)
        {
            var part = test.Feature switch
            {
                VoteFeature.Prefix or VoteFeature.UserAgent => DriverText(test.Feature, drivers[test.Feature]),
                _ => string.Create(CultureInfo.InvariantCulture, $"{Label(test.Feature)}占 {test.Share:P0}（全场平时 {test.Usual:P0}）"),
            };
            parts.Add(part);
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"候选人 {episode.CandidateId} 这波异常得票（{episode.Observed} 张，按占比应约 {episode.Expected:F0} 张）的主要来源：");
        text.Append(string.Join("；", parts));
        text.Append(CultureInfo.InvariantCulture, $"。符合上述特征的选票 {implicated} 张。");
        if (tests.Count == 0)
        {
            text.Append("（缺少停留时间与首次访问时间数据。）");
        }
        return text.ToString();
    }

    private static string DriverText(VoteFeature feature, List<KeyTest> keys)
    {
        var listed = keys.Where(k => k.Driver).Take(3).Select(k => string.Create(CultureInfo.InvariantCulture, $"{Short(k.Key)} {k.Votes} 张"));
        var count = keys.Count(k => k.Driver);
        var what = feature == VoteFeature.Prefix ? "网段" : "UA";
        return string.Create(CultureInfo.InvariantCulture, $"集中于 {count} 个{what}（{string.Join("、", listed)}{(count > 3 ? " 等" : "")}）");
    }

    private static string Short(string key) => key.Length > 18 ? key[..18] : key;

    private static string Label(VoteFeature feature) => feature switch
    {
        VoteFeature.Fresh => "新近首次登录的用户",
        VoteFeature.MachineDwell => "页面停留不足 3 秒的投票",
        VoteFeature.ShortDwell => "页面停留很短的投票",
        VoteFeature.NovelPrefix => "此前从未出现过的网段",
        _ => feature.ToString(),
    };

    internal static string Code(VoteFeature feature) => feature switch
    {
        VoteFeature.Prefix => "prefix",
        VoteFeature.UserAgent => "userAgent",
        VoteFeature.Fresh => "fresh",
        VoteFeature.MachineDwell => "machineDwell",
        VoteFeature.ShortDwell => "shortDwell",
        VoteFeature.NovelPrefix => "novelPrefix",
        _ => feature.ToString(),
    };

    private sealed record KeyTest(string Key, int Votes, double Expected, double Log10P, bool Driver);

    private sealed record FeatureTest(VoteFeature Feature, int Positive, int Known, double Usual, double CandidateBefore, double Log10P, bool Elevated)
    {
        public double Share => Known == 0 ? 0 : Positive / (double)Known;

        public JsonObject ToJson() => new()
        {
            ["feature"] = Code(Feature),
            ["label"] = Label(Feature),
            ["burstShare"] = Math.Round(Share, 4),
            ["campaignShare"] = Math.Round(Usual, 4),
            ["candidateBeforeShare"] = double.IsNaN(CandidateBefore) ? null : Math.Round(CandidateBefore, 4),
            ["votes"] = Positive,
            ["known"] = Known,
            ["log10P"] = Math.Round(Log10P, 1),
            ["elevated"] = Elevated,
        };
    }
}
