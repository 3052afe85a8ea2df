using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// Per-candidate burst (S1 in the design): the candidate's votes per minute run far above both its own recent rate
/// and its usual share of the campaign, so a push that lifts every candidate does not alarm. The finding holds every
/// vote of the burst's span; which of them drive it is the composition detector's job. A burst of modest size made
/// of ordinary people (their freshness and page dwell like the campaign's) is a company canvassing its staff or a
/// share going round, and is not reported; a large one, or one whose voters look unlike the campaign's, is.
/// </summary>
public sealed class BurstDetector(IOptions<BurstDetectorOptions> options, IOptions<CompositionDetectorOptions> composition) : IVoteDetector
{
    public const string DetectorName = "burst";

    private readonly Lock _gate = new();
    private readonly BurstTracker _tracker = new(options.Value);
    private readonly Dictionary<long, VoterShares> _shares = [];
    private readonly Dictionary<BurstEpisode, List<VoteFeature>> _reported = new(ReferenceEqualityComparer.Instance);

    public string Name => DetectorName;

    public TimeSpan Lookback => options.Value.BufferWindow > composition.Value.BaselineHalfLife ? options.Value.BufferWindow : composition.Value.BaselineHalfLife;

    public void Observe(VoteEvent vote)
    {
        lock (_gate)
        {
            _tracker.Observe(vote);
            if (!_shares.TryGetValue(vote.CampaignId, out var shares))
            {
                _shares[vote.CampaignId] = shares = new VoterShares(vote.At, composition.Value);
            }
            shares.Add(vote);
        }
    }

    public IReadOnlyList<Finding> Evaluate(DateTimeOffset now)
    {
        lock (_gate)
        {
            var findings = new List<Finding>();
            foreach (var episode in _tracker.Advance(now))
            {
                if (!_reported.TryGetValue(episode, out var unusual))
                {
                    unusual = _shares.TryGetValue(episode.CampaignId, out var shares) ? shares.Elevated(episode.Votes) : [];
                    if (unusual.Count == 0 && episode.PeakWindowExcess < options.Value.PlainBurstWindowExcess)
                    {
                        continue;
                    }
                    _reported[episode] = unusual;
                }
                if (episode.Closed)
                {
                    _reported.Remove(episode);
                }
                findings.Add(ToFinding(episode, unusual));
            }
            // The tracker forgets idle campaigns; their shares follow.
            foreach (var id in _shares.Keys.Where(id => !_tracker.Knows(id)).ToArray())
            {
                _shares.Remove(id);
            }
            return findings;
        }
    }

    /// <summary>
    /// A burst that passes the alarm (fast, large, and candidate-specific) is worth holding until reviewed: 0.6, the
    /// hold threshold the host applies; more the faster it came and the more times the expected count it is.
    /// </summary>
    public static double SeverityOf(BurstEpisode episode, BurstDetectorOptions options)
    {
        var ratio = episode.Observed / Math.Max(episode.Expected, 1e-9);
        return Math.Min(0.95, 0.6 + (0.2 * DetectorMath.LogScale(episode.PeakWindowExcess, options.MinWindowExcess, 10.0 * options.MinWindowExcess))
            + (0.15 * DetectorMath.LogScale(ratio, 3, 20)));
    }

    private Finding ToFinding(BurstEpisode episode, List<VoteFeature> unusual)
    {
        var ratio = episode.Observed / Math.Max(episode.Expected, 1e-9);
        var log10P = DetectorMath.Log10PoissonUpperTail(episode.Observed, episode.Expected);
        var state = episode.Closed ? "已回落" : "仍在持续";
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"候选人 {episode.CandidateId} 在 {episode.Minutes} 分钟内得票 {episode.Observed} 张，按其平时在全场的占比应约 {episode.Expected:F0} 张（{ratio:F1} 倍，p≈1e{log10P:F0}；最快的 15 分钟内多出 {episode.PeakWindowExcess:F0} 张），其他候选人并未同步上涨；{state}。");
        var evidence = new JsonObject
        {
            ["observed"] = episode.Observed,
            ["expectedFromShare"] = Math.Round(episode.Expected, 2),
            ["expectedFromOwnRate"] = Math.Round(episode.ExpectedOwn, 2),
            ["otherCandidatesVotes"] = episode.Others,
            ["ratio"] = Math.Round(ratio, 2),
            ["excess"] = Math.Round(episode.Observed - episode.Expected, 1),
            ["log10P"] = Math.Round(log10P, 1),
            ["peakVotesPerMinute"] = episode.PeakMinuteVotes,
            ["peakExcessIn15Minutes"] = Math.Round(episode.PeakWindowExcess, 1),
            ["cusumPeak"] = Math.Round(episode.PeakCusum, 1),
            ["cusumThreshold"] = options.Value.Threshold,
            ["alarmAt"] = DetectorMath.FromUnixMinute(episode.AlarmMinute),
            ["closed"] = episode.Closed,
            ["perMinute"] = Numbers(episode.PerMinute.Select(v => (double)v)),
            ["expectedPerMinute"] = Numbers(episode.ExpectedPerMinute),
            ["unusualVoters"] = new JsonArray([.. unusual.Select(f => (JsonNode?)JsonValue.Create(CompositionDetector.Code(f)))]),
            ["receiptsTruncated"] = episode.Truncated,
        };
        return new Finding(DetectorName, episode.CampaignId, episode.CandidateId, SeverityOf(episode, options.Value),
            episode.From, episode.To, [.. episode.Votes.Select(v => v.Receipt)], summary, evidence);
    }

    internal static JsonArray Numbers(IEnumerable<double> values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];
}
