using PublicVote.LoadTests.Correctness;
using PublicVote.LoadTests.Engine;

namespace PublicVote.LoadTests.Scenarios;

/// <param name="ZipfExponent">Skew of candidate popularity (1.0-1.2 looks like real campaigns: a few stars).</param>
/// <param name="RetryShare">Share of accepted journey votes retried with the same Idempotency-Key.</param>
/// <param name="DuplicateShare">Share of accepted journey votes followed by a second vote for the same candidate.</param>
/// <param name="LimitShare">Share of journey citizens who try one vote more than the daily limit.</param>
/// <param name="ReadShare">Share of read-heavy arrivals that are reads (the rest are votes).</param>
public sealed record ScenarioSettings(
    double ZipfExponent = 1.1, double RetryShare = 0.05, double DuplicateShare = 0.03, double LimitShare = 0.05, double ReadShare = 0.8)
{
    public void Validate()
    {
        foreach (var (name, value) in new[] { ("retry-share", RetryShare), ("duplicate-share", DuplicateShare), ("limit-share", LimitShare), ("read-share", ReadShare) })
        {
            if (value is < 0 or > 1 || double.IsNaN(value))
            {
                throw new ArgumentException($"--{name} must be between 0 and 1.");
            }
        }
        if (ZipfExponent is < 0 or > 5)
        {
            throw new ArgumentException("--zipf must be between 0 and 5.");
        }
    }
}

/// <summary>What every scenario iteration shares: the API, the campaign, the voters' sessions, the accepted votes.</summary>
internal sealed class ScenarioEnvironment(ApiClient api, LoadCampaignInfo campaign, IReadOnlyList<string> sessions, AcceptedVotes accepted, ScenarioSettings settings)
{
    public ApiClient Api { get; } = api;

    public LoadCampaignInfo Campaign { get; } = campaign;

    public AcceptedVotes Accepted { get; } = accepted;

    public ScenarioSettings Settings { get; } = settings;

    public ZipfSampler Popularity { get; } = new(campaign.Candidates.Count, settings.ZipfExponent);

    /// <summary>Arrival k is voter k: every arrival has a voter of its own.</summary>
    public string SessionOf(Arrival arrival) => sessions[(int)arrival.Index];

    public LoadCandidate PopularCandidate(Random random) => Campaign.Candidates[Popularity.Sample(random.NextDouble())];
}
