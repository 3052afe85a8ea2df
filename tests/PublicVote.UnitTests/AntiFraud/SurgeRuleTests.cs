using PublicVote.Api.Features.AntiFraud.Surge;

namespace PublicVote.UnitTests.AntiFraud;

/// <summary>Crafted series: 20 candidates; baseline 60 minutes, recent 3 minutes.</summary>
public sealed class SurgeRuleTests
{
    private static readonly SurgeOptions Options = new();

    private static SurgeStats Measure(long candidateRecent, long candidateBaseline, long campaignRecent, long campaignBaseline) =>
        SurgeRule.Measure(new SurgeInput((candidateRecent, candidateBaseline), (campaignRecent, campaignBaseline), 3, 60, 20));

    [Fact]
    public void ABurstOnOneCandidateTrips()
    {
        // 2/min usual, 60/min now; the campaign otherwise steady at 40/min.
        var stats = Measure(180, 120, 180 + 120, 2400);
        Assert.True(SurgeRule.Trips(stats, Options), $"{stats}");
        Assert.Equal(30, stats.RateRatio, 3);
    }

    [Fact]
    public void ACampaignWidePushDoesNotTripEvenAtTenTimesTheRate()
    {
        // Everyone ×10 (an official-account push): the candidate's rate jumps, its share does not.
        var stats = Measure(60, 120, 1200, 2400);
        Assert.True(stats.RateRatio >= Options.RateFactor);
        Assert.False(SurgeRule.Trips(stats, Options), $"{stats}");
    }

    [Fact]
    public void ASmallCandidateDoesNotTripOnAHandfulOfVotes()
    {
        var stats = Measure(9, 0, 129, 2400);
        Assert.True(stats.RateRatio >= Options.RateFactor && stats.RecentShare >= Options.ShareFactor * stats.BaselineShare);
        Assert.False(SurgeRule.Trips(stats, Options), $"{stats}");
    }

    [Fact]
    public void ANewCandidateWithoutBaselineTripsOnARealBurst()
    {
        var stats = Measure(150, 0, 270, 2400);
        Assert.True(SurgeRule.Trips(stats, Options), $"{stats}");
    }

    [Fact]
    public void NothingTripsBeforeTheCampaignHasABaseline()
    {
        // The first votes of a campaign: the favourite's share looks like a jump against the uniform prior.
        var stats = Measure(120, 0, 200, Options.MinBaselineVotes - 1);
        Assert.True(stats.RateRatio >= Options.RateFactor && stats.RecentShare >= Options.ShareFactor * stats.BaselineShare);
        Assert.False(SurgeRule.Trips(stats, Options), $"{stats}");
    }

    [Fact]
    public void AModerateRiseBelowTheRateFactorDoesNotTrip()
    {
        var stats = Measure(240, 1200, 1320, 24000); // 20/min usual, 80/min now: 4× its own rate
        Assert.True(stats.RecentPerMinute >= Options.MinVotesPerMinute && stats.RecentShare >= Options.ShareFactor * stats.BaselineShare);
        Assert.False(SurgeRule.Trips(stats, Options), $"{stats}");
    }
}
