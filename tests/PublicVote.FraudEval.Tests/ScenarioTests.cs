using PublicVote.FraudEval;
using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Tests;

public sealed class ScenarioTests
{
    private static readonly Scenario Ci = Scenario.Generate(Scale.Ci, seed: 31);

    [Fact]
    public void TheSameSeedGeneratesTheSameCampaign()
    {
        var again = Scenario.Generate(Scale.Ci, seed: 31);

        Assert.Equal(Ci.Votes.Count, again.Votes.Count);
        Assert.True(Ci.Votes.Zip(again.Votes).All(p => p.First.At == p.Second.At && p.First.CandidateId == p.Second.CandidateId
            && p.First.Voter.Key == p.Second.Voter.Key && p.First.Prefix == p.Second.Prefix && p.First.Label == p.Second.Label));
        Assert.NotEqual(Ci.Votes.Count, Scenario.Generate(Scale.Ci, seed: 32).Votes.Count);
    }

    [Fact]
    public void VotesFollowTheDayPeakingInTheEveningAndQuietAtNight()
    {
        var byHour = Ci.Votes.Where(v => v.Label.Honest == HonestKind.Organic)
            .GroupBy(v => (int)((v.At - Ci.Population.Start).TotalHours % 24)).ToDictionary(g => g.Key, g => g.Count());

        Assert.True(byHour[21] > 5 * byHour[3], $"21:00 {byHour[21]} vs 03:00 {byHour[3]}");
        Assert.True(byHour[12] > byHour[15]);
    }

    [Fact]
    public void EveryHonestKindAndEveryPlannedAttackIsPresent()
    {
        Assert.All(Enum.GetValues<HonestKind>(), kind => Assert.Contains(Ci.Votes, v => v.Label.Honest == kind));
        var scale = Scale.Ci;
        Assert.Equal(scale.FreshBursts + scale.IpRotations + scale.SlowDrips + scale.VoteExchanges + scale.CamouflagedBursts
            + scale.CamouflagedDrips + scale.CamouflagedExchanges, Ci.Episodes.Count);
        Assert.All(Ci.Episodes, e => Assert.Contains(Ci.Votes, v => v.Label.IsAttack && v.Label.Episode == e.Id && !v.Label.Camouflage));
        Assert.Contains(Ci.Votes, v => v.Label.Camouflage);
    }

    [Fact]
    public void ThePushLiftsTrafficAboutFiveFold()
    {
        var (start, end) = Ci.Pushes[0];
        var during = Ci.Votes.Count(v => v.At >= start && v.At < end);
        var dayBefore = Ci.Votes.Count(v => v.At >= start.AddDays(-1) && v.At < end.AddDays(-1));

        Assert.InRange(during / (double)dayBefore, 3, 8);
    }

    [Fact]
    public void CarrierPrefixesAreSharedByThousandsAndManyVotersAreNew()
    {
        var largest = Ci.Votes.GroupBy(v => v.Prefix).Max(g => g.Select(v => v.Voter.Key).Distinct().Count());
        var honest = Ci.Votes.Where(v => !v.Label.IsAttack).ToList();
        var freshFirstVotes = honest.GroupBy(v => v.Voter.Key).Select(g => g.First()).Count(v => v.At - v.Voter.FirstSeen < TimeSpan.FromMinutes(10));

        Assert.True(largest >= 1000, $"largest prefix has {largest} voters");
        Assert.InRange(freshFirstVotes / (double)honest.Select(v => v.Voter.Key).Distinct().Count(), 0.4, 0.9);
    }

    [Fact]
    public void EachVoterVotesForACandidateAtMostOnceADay()
    {
        Assert.Equal(Ci.Votes.Count, Ci.Votes.Select(v => (v.Voter.Key, v.CandidateId, Ci.Population.LocalDay(v.At))).Distinct().Count());
    }

    [Theory]
    [InlineData(new[] { "--size", "huge" }, "--size")]
    [InlineData(new[] { "--seeds", "5-2" }, "--seeds")]
    [InlineData(new[] { "--hold", "2" }, "--hold")]
    [InlineData(new[] { "--set", "Voting:SessionKey=x" }, "--set")]
    [InlineData(new[] { "--frobnicate", "1" }, "unknown option")]
    [InlineData(new[] { "--seeds" }, "needs a value")]
    public void BadOptionsAreRefusedByName(string[] args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => EvalOptions.Parse(args));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsParse()
    {
        var options = EvalOptions.Parse(["--size", "ci", "--seeds", "3,7-8", "--hold", "0.5", "--set", "AntiFraud:Detectors:Burst:Threshold=14", "--out", "-"]);

        Assert.Equal(Scale.Ci, options.Scale);
        Assert.Equal([3, 7, 8], options.Seeds);
        Assert.Equal(0.5, options.HoldSeverity);
        Assert.Equal("14", options.Settings["AntiFraud:Detectors:Burst:Threshold"]);
        Assert.Null(options.ReportPath);
    }
}
