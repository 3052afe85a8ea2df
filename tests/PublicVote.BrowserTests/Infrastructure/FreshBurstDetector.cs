using System.Text.Json.Nodes;
using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.BrowserTests.Infrastructure;

/// <summary>
/// Test-only detector (registered the way real ones are): a candidate that got at least <see cref="Threshold"/> votes
/// from voters who never signed in through WeChat (no first-seen time) within the lookback is reported with those
/// votes. It counts per candidate rather than per minute, so a burst cast on the real-time clock is never split.
/// Inert unless a test runs the scanner (the detector host is off in the browser tests).
/// </summary>
public sealed class FreshBurstDetector : IVoteDetector
{
    public const int Threshold = 10;
    private readonly object _gate = new();
    private readonly List<VoteEvent> _window = [];

    public string Name => "browser-burst";

    public TimeSpan Lookback => TimeSpan.FromHours(1);

    public void Observe(VoteEvent vote)
    {
        lock (_gate)
        {
            _window.Add(vote);
        }
    }

    public IReadOnlyList<Finding> Evaluate(DateTimeOffset now)
    {
        lock (_gate)
        {
            _window.RemoveAll(v => v.At < now - Lookback);
            return _window
                .Where(v => v.VoterFirstSeen is null)
                .GroupBy(v => (v.CampaignId, v.CandidateId))
                .Where(g => g.Count() >= Threshold)
                .Select(g => new Finding(Name, g.Key.CampaignId, g.Key.CandidateId, 0.9,
                    g.Min(v => v.At), g.Max(v => v.At).AddSeconds(1), g.Select(v => v.Receipt).ToList(),
                    $"一小时内 {g.Count()} 个从未登录过的新账号集中投票", new JsonObject { ["votes"] = g.Count(), ["freshVoters"] = g.Count() }))
                .ToList();
        }
    }
}
