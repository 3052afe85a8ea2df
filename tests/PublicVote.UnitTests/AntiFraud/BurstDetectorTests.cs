using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class BurstDetectorTests
{
    private static readonly long[] Candidates = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    private static readonly DateTimeOffset BurstStart = VoteSeries.Start.AddHours(3);

    [Fact]
    public void ABoughtBurstOnOneCandidateIsFoundWithinMinutesAndHoldsItsVotes()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(4), Candidates, perMinute: 1);
        var burst = Enumerable.Range(0, 600).Select(i => series.Add(BurstStart.AddSeconds(i * 2), 3)).ToList();

        var findings = VoteSeries.Replay(new BurstDetector(VoteSeries.Options(new BurstDetectorOptions())), series.Votes, VoteSeries.Start.AddHours(4));

        Assert.All(findings, f => Assert.Equal(3, f.Finding.CandidateId));
        var first = findings.First();
        Assert.InRange(first.At - BurstStart, TimeSpan.Zero, TimeSpan.FromMinutes(6));
        Assert.True(first.Finding.Severity >= 0.6, $"severity {first.Finding.Severity}");
        var last = findings.Last().Finding;
        var named = last.Receipts.ToHashSet();
        Assert.True(burst.Count(v => named.Contains(v.Receipt)) >= 0.95 * burst.Count);
        // The quiet minutes after the burst are not part of it.
        Assert.True(last.To <= BurstStart.AddMinutes(30), $"ends {last.To}");
        Assert.Equal(BurstDetector.DetectorName, last.Detector);
        Assert.Contains("候选人 3", last.Summary, StringComparison.Ordinal);
        Assert.True((double)last.Evidence["ratio"]! > 10);
        Assert.True((bool)last.Evidence["closed"]!);
    }

    [Fact]
    public void ACampaignWidePushRaisesNothing()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, BurstStart, Candidates, perMinute: 1);
        // An official-account article: five times the traffic for two hours, for every candidate alike.
        series.Background(BurstStart, BurstStart.AddHours(2), Candidates, perMinute: 5);
        series.Background(BurstStart.AddHours(2), BurstStart.AddHours(3), Candidates, perMinute: 1);

        var findings = VoteSeries.Replay(new BurstDetector(VoteSeries.Options(new BurstDetectorOptions())), series.Votes, BurstStart.AddHours(3));

        Assert.Empty(findings);
    }

    [Fact]
    public void TheSamePushOnOneCandidateAloneIsABurst()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, BurstStart, Candidates, perMinute: 1);
        series.Background(BurstStart, BurstStart.AddHours(2), Candidates, perMinute: 1, c => c == 4 ? 10 : 1);

        var findings = VoteSeries.Replay(new BurstDetector(VoteSeries.Options(new BurstDetectorOptions())), series.Votes, BurstStart.AddHours(2));

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(4, f.Finding.CandidateId));
    }

    [Fact]
    public void ACompanyCanvassingItsStaffFromOnePrefixOverHoursIsNotABurst()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(7), Candidates, perMinute: 1);
        Canvass(series, candidate: 2);

        var findings = VoteSeries.Replay(new BurstDetector(VoteSeries.Options(new BurstDetectorOptions())), series.Votes, VoteSeries.Start.AddHours(7));

        Assert.Empty(findings);
    }

    [Fact]
    public void NothingIsRaisedBeforeTheCampaignHasEnoughVotesToHaveShares()
    {
        var series = new VoteSeries();
        // 40 votes of background, then a burst: the shares are not known yet.
        series.Background(VoteSeries.Start, VoteSeries.Start.AddMinutes(4), Candidates, perMinute: 1);
        for (var i = 0; i < 200; i++)
        {
            series.Add(VoteSeries.Start.AddMinutes(5).AddSeconds(i), 3);
        }

        var findings = VoteSeries.Replay(new BurstDetector(VoteSeries.Options(new BurstDetectorOptions { WarmupVotes = 300 })), series.Votes, VoteSeries.Start.AddMinutes(30));

        Assert.Empty(findings);
    }

    [Fact]
    public void AFindingNamesNoMoreThanTheReceiptCapAndSaysSo()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(4), Candidates, perMinute: 1);
        for (var i = 0; i < 600; i++)
        {
            series.Add(BurstStart.AddSeconds(i * 2), 3);
        }

        var findings = VoteSeries.Replay(new BurstDetector(VoteSeries.Options(new BurstDetectorOptions { MaxReceipts = 100 })), series.Votes, VoteSeries.Start.AddHours(4));

        var last = findings.Last().Finding;
        Assert.Equal(100, last.Receipts.Count);
        Assert.True((bool)last.Evidence["receiptsTruncated"]!);
    }

    [Fact]
    public void TheSameSeriesGivesTheSameFindings()
    {
        static string Run()
        {
            var series = new VoteSeries(seed: 5);
            series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(4), Candidates, perMinute: 1);
            for (var i = 0; i < 400; i++)
            {
                series.Add(BurstStart.AddSeconds(i * 3), 6);
            }
            var findings = VoteSeries.Replay(new BurstDetector(VoteSeries.Options(new BurstDetectorOptions())), series.Votes, VoteSeries.Start.AddHours(4));
            return string.Join("\n", findings.Select(f => $"{f.At:O} {f.Finding.Severity} {string.Join(",", f.Finding.Receipts)} {f.Finding.Summary}"));
        }

        Assert.Equal(Run(), Run());
    }

    /// <summary>180 staff of one company, answering a call at 13:00 over the next hours (median 25 min), all from the office prefix.</summary>
    internal static List<VoteEvent> Canvass(VoteSeries series, long candidate)
    {
        var call = VoteSeries.Start.AddHours(3);
        var votes = new List<VoteEvent>();
        for (var i = 0; i < 180; i++)
        {
            var delay = Math.Min(25 * Math.Exp(0.8 * Math.Sqrt(-2 * Math.Log(1 - series.Uniform())) * Math.Cos(2 * Math.PI * series.Uniform())), 240);
            votes.Add(series.Add(call.AddMinutes(delay), candidate, prefix: "61.19.1.0/24"));
        }
        return votes;
    }
}
