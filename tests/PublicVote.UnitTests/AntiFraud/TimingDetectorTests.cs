using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class TimingDetectorTests
{
    private static TimingDetector Detector(TimingDetectorOptions? options = null) => new(VoteSeries.Options(options ?? new TimingDetectorOptions()));

    [Fact]
    public void AScriptVotingEveryTwoSecondsIsFoundAmongPeople()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(2), [5, 6, 7], perMinute: 1);
        var start = VoteSeries.Start.AddHours(1);
        var script = Enumerable.Range(0, 60)
            .Select(i => series.Add(start.AddMilliseconds((i * 2000) + (series.Uniform() * 200) - 100), 5, ua: "0123456789abcdef")).ToList();

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(2));

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(5, f.Finding.CandidateId));
        var last = findings.Last().Finding;
        Assert.True(last.Severity >= 0.65);
        var named = last.Receipts.ToHashSet();
        Assert.True(script.Count(v => named.Contains(v.Receipt)) >= 55, $"{script.Count(v => named.Contains(v.Receipt))} of the script's votes named");
        var run = last.Evidence["runs"]!.AsArray().Select(r => r!).First(r => (string)r["stream"]! == "u:0123456789abcdef");
        Assert.True((double)run["cv"]! < 0.1);
        Assert.Contains("变异系数", last.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PeopleArrivingAtRandomAreNeverRegular()
    {
        var series = new VoteSeries(seed: 3);
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(3), [1, 2, 3, 4, 5, 6], perMinute: 3);
        // Some voters share an iPhone UA string and a carrier prefix, as they do.
        foreach (var at in series.Arrivals(VoteSeries.Start, VoteSeries.Start.AddHours(3), perMinute: 2))
        {
            series.Add(at, 1, prefix: "36.1.1.0/24", ua: "ios17wechat8.0.50");
        }

        Assert.Empty(VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(3)));
    }

    [Fact]
    public void RegularityOfEvenGapsIsZeroVariationAndAllPeriodic()
    {
        var (cv, median, periodic) = TimingDetector.Regularity([2000, 2000, 2000, 2000], 0.15);

        Assert.Equal(0, cv, 9);
        Assert.Equal(2000, median);
        Assert.Equal(1, periodic);
    }

    [Fact]
    public void ExponentialGapsVaryAsMuchAsTheyAreLong()
    {
        var random = new Random(9);
        var gaps = Enumerable.Range(0, 5000).Select(_ => -Math.Log(1 - random.NextDouble()) * 10_000).ToList();

        var (cv, _, periodic) = TimingDetector.Regularity(gaps, 0.15);

        Assert.InRange(cv, 0.9, 1.1);
        Assert.InRange(periodic, 0.05, 0.15);
    }

    [Fact]
    public void StreamsPerCandidateAreCappedAndTheRegularOneIsKept()
    {
        var series = new VoteSeries();
        var start = VoteSeries.Start.AddMinutes(10);
        // Many distinct UAs (each a new stream) while one script keeps its beat.
        for (var i = 0; i < 120; i++)
        {
            series.Add(start.AddSeconds(i * 3), 2, ua: "feedfacefeedface", prefix: "103.1.1.0/24");
            series.Add(start.AddSeconds((i * 3) + 1.3), 2);
        }

        var findings = VoteSeries.Replay(Detector(new TimingDetectorOptions { MaxStreamsPerCandidate = 8 }), series.Votes, start.AddMinutes(10));

        Assert.Contains(findings.Last().Finding.Evidence["runs"]!.AsArray(), r => (string)r!["stream"]! == "u:feedfacefeedface");
    }
}
