using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Replay;

/// <summary>
/// Replays straight into the real detectors, registered with <see cref="DetectorSetup.AddVoteDetectors"/> and
/// configured like the API (<c>AntiFraud:Detectors:*</c>). It stands in for the detector host: every tick it asks
/// each detector for its findings, and holds pending the receipts of any finding at or above
/// <see cref="HoldSeverity"/> (the policy the host is expected to apply).
/// </summary>
internal sealed class InProcessReplayTarget : IReplayTarget
{
    private readonly ServiceProvider _services;
    private readonly IVoteDetector[] _detectors;
    private readonly long[] _ticks;
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);
    private readonly List<Finding> _findings = [];
    private readonly List<string> _newlyHeld = [];
    private long _campaignId;
    private long _lastMs = long.MinValue;
    private int _sameMs;

    public InProcessReplayTarget(IReadOnlyDictionary<string, string?> settings, double holdSeverity)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddVoteDetectors()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        _detectors = [.. _services.GetServices<IVoteDetector>()];
        _ticks = new long[_detectors.Length];
        HoldSeverity = holdSeverity;
    }

    public double HoldSeverity { get; }

    public string Description =>
        $"in process: {string.Join(", ", _detectors.Select(d => d.Name))}; hold when severity ≥ {HoldSeverity.ToString("0.00", CultureInfo.InvariantCulture)}";

    public IReadOnlyList<string> DetectorNames => [.. _detectors.Select(d => d.Name)];

    /// <summary>Time spent in each detector (Observe and Evaluate) so far.</summary>
    public IReadOnlyDictionary<string, TimeSpan> DetectorTime =>
        _detectors.Select((d, i) => (d.Name, Time: Stopwatch.GetElapsedTime(0, _ticks[i]))).ToDictionary(x => x.Name, x => x.Time, StringComparer.Ordinal);

    public Task PrepareAsync(ReplayCampaign campaign, CancellationToken cancellationToken)
    {
        _campaignId = campaign.CampaignId;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string?>> SubmitAsync(IReadOnlyList<SimVote> votes, CancellationToken cancellationToken)
    {
        var receipts = new string?[votes.Count];
        for (var i = 0; i < votes.Count; i++)
        {
            var vote = votes[i];
            var ms = vote.At.ToUnixTimeMilliseconds();
            _sameMs = ms == _lastMs ? _sameMs + 1 : 0;
            _lastMs = ms;
            // The vote log's receipt shape: campaign-shard-streamMs-streamSeq.
            var receipt = string.Create(CultureInfo.InvariantCulture, $"{_campaignId}-0-{ms}-{_sameMs}");
            receipts[i] = receipt;
            var evt = new VoteEvent(receipt, _campaignId, vote.CandidateId, vote.Voter.Key, vote.At, vote.Prefix, vote.Ua,
                vote.Voter.FirstSeen, vote.DwellMs);
            for (var d = 0; d < _detectors.Length; d++)
            {
                var start = Stopwatch.GetTimestamp();
                _detectors[d].Observe(evt);
                _ticks[d] += Stopwatch.GetTimestamp() - start;
            }
        }
        return Task.FromResult<IReadOnlyList<string?>>(receipts);
    }

    public Task AdvanceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var d = 0; d < _detectors.Length; d++)
        {
            var start = Stopwatch.GetTimestamp();
            var findings = _detectors[d].Evaluate(now);
            _ticks[d] += Stopwatch.GetTimestamp() - start;
            foreach (var finding in findings)
            {
                _findings.Add(finding);
                if (finding.Severity < HoldSeverity)
                {
                    continue;
                }
                foreach (var receipt in finding.Receipts)
                {
                    if (_held.Add(receipt))
                    {
                        _newlyHeld.Add(receipt);
                    }
                }
            }
        }
        return Task.CompletedTask;
    }

    public Task<ReplayObservation> CollectAsync(CancellationToken cancellationToken)
    {
        var observation = new ReplayObservation([.. _findings], [.. _newlyHeld]);
        _findings.Clear();
        _newlyHeld.Clear();
        return Task.FromResult(observation);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
