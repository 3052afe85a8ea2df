namespace PublicVote.Api.Features.AntiFraud.Surge;

/// <param name="Candidate">Recent / baseline vote counts of the candidate.</param>
/// <param name="Campaign">Recent / baseline vote counts of the whole campaign, over the same minutes.</param>
public sealed record SurgeInput(
    (long Recent, long Baseline) Candidate, (long Recent, long Baseline) Campaign, double RecentMinutes, double BaselineMinutes, int Candidates);

public sealed record SurgeStats(
    double RecentPerMinute, double BaselinePerMinute, double RateRatio, double RecentShare, double BaselineShare, long CampaignBaselineVotes);

/// <summary>The surge test itself, pure so it can be checked on crafted numbers.</summary>
public static class SurgeRule
{
    public static SurgeStats Measure(SurgeInput input)
    {
        var recentRate = input.Candidate.Recent / Math.Max(input.RecentMinutes, 1e-9);
        // One vote in the whole baseline window as a floor: a new candidate has no baseline at all.
        var baselineRate = Math.Max(input.Candidate.Baseline, 1) / input.BaselineMinutes;
        var recentShare = input.Campaign.Recent == 0 ? 0 : (double)input.Candidate.Recent / input.Campaign.Recent;
        // Laplace smoothing over the candidates: an unknown share is an equal share, not zero.
        var baselineShare = (input.Candidate.Baseline + 1.0) / (input.Campaign.Baseline + Math.Max(input.Candidates, 1));
        return new SurgeStats(recentRate, baselineRate, recentRate / baselineRate, recentShare, baselineShare, input.Campaign.Baseline);
    }

    /// <summary>
    /// Too few baseline votes (a campaign's first hour) say nothing about shares: the uniform prior would make every
    /// popular candidate look like a jump, so no surge is called until the baseline has <see cref="SurgeOptions.MinBaselineVotes"/>.
    /// </summary>
    public static bool Trips(SurgeStats stats, SurgeOptions options) =>
        stats.CampaignBaselineVotes >= options.MinBaselineVotes
        && stats.RecentPerMinute >= options.MinVotesPerMinute
        && stats.RateRatio >= options.RateFactor
        && stats.RecentShare >= options.ShareFactor * stats.BaselineShare;
}
