using System.Text.Json.Nodes;
using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.IntegrationTests.AntiFraud;

/// <summary>
/// Test-only detector (the real ones come from the detector work): every candidate that got at least
/// <see cref="Threshold"/> votes in one minute is reported, with those votes. It also records what it was fed.
/// </summary>
public sealed class TestBurstDetector : IVoteDetector
{
    public const int Threshold = 10;
    private readonly object _gate = new();
    private readonly List<VoteEvent> _window = [];
    private readonly List<VoteEvent> _observed = [];

    public string Name => "test-burst";

    public TimeSpan Lookback => TimeSpan.FromHours(1);

    /// <summary>The severity of its findings (a test may move it across the host's hold threshold).</summary>
    public double Severity { get; set; } = 0.8;

    public IReadOnlyList<VoteEvent> Observed
    {
        get
        {
            lock (_gate)
            {
                return _observed.ToList();
            }
        }
    }

    public void Observe(VoteEvent vote)
    {
        lock (_gate)
        {
            _window.Add(vote);
            _observed.Add(vote);
        }
    }

    public IReadOnlyList<Finding> Evaluate(DateTimeOffset now)
    {
        lock (_gate)
        {
            _window.RemoveAll(v => v.At < now - Lookback);
            return _window
                .GroupBy(v => (v.CampaignId, v.CandidateId, Minute: v.At.ToUnixTimeSeconds() / 60))
                .Where(g => g.Count() >= Threshold)
                .Select(g => new Finding(Name, g.Key.CampaignId, g.Key.CandidateId, Severity,
                    DateTimeOffset.FromUnixTimeSeconds(g.Key.Minute * 60), DateTimeOffset.FromUnixTimeSeconds((g.Key.Minute + 1) * 60),
                    g.Select(v => v.Receipt).ToList(), $"测试：一分钟内 {g.Count()} 票", new JsonObject { ["votes"] = g.Count() }))
                .ToList();
        }
    }
}
