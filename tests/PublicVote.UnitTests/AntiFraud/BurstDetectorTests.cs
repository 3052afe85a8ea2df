using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class BurstDetectorTests
{
    private static readonly long[] Candidates = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    private static readonly DateTimeOffset BurstStart = VoteSeries.Start.AddHours(3);

    private static BurstDetector Detector(BurstDetectorOptions? options = null) =>
        new(VoteSeries.Options(options ?? new BurstDetectorOptions()), VoteSeries.Options(new CompositionDetectorOptions()));

    [Fact]
    public void ABoughtBurstOnOneCandidateIsFoundWithinMinutesAndHoldsItsVotes()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(4), Candidates, perMinute: 1);
        // Accounts signed up minutes before, voting a second or two after the page loads.
        var burst = Enumerable.Range(0, 600).Select(i => BurstStart.AddSeconds(i * 2))
            .Select(at => series.Add(at, 3, firstSeen: at.AddMinutes(-3), dwellMs: series.Int(800, 2_500))).ToList();

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(4));

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
    public void ALargeBurstIsReportedWhoeverCastsIt()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(4), Candidates, perMinute: 1);
        // 600 votes in 20 minutes from accounts that look like anybody's: reported once it is too large for a
        // workplace call or a share (more than PlainBurstWindowExcess in a quarter of an hour), minutes later.
        var burst = Enumerable.Range(0, 600).Select(i => series.Add(BurstStart.AddSeconds(i * 2), 3)).ToList();

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(4));

        Assert.InRange(findings.First().At - BurstStart, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        var named = findings.Last().Finding.Receipts.ToHashSet();
        Assert.True(burst.Count(v => named.Contains(v.Receipt)) >= 0.95 * burst.Count);
        Assert.Empty(findings.Last().Finding.Evidence["unusualVoters"]!.AsArray());
    }

    [Fact]
    public void ACampaignWidePushRaisesNothing()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, BurstStart, Candidates, perMinute: 1);
        // An official-account article: five times the traffic for two hours, for every candidate alike.
        series.Background(BurstStart, BurstStart.AddHours(2), Candidates, perMinute: 5);
        series.Background(BurstStart.AddHours(2), BurstStart.AddHours(3), Candidates, perMinute: 1);

        var findings = VoteSeries.Replay(Detector(), series.Votes, BurstStart.AddHours(3));

        Assert.Empty(findings);
    }

    [Fact]
    public void TheSamePushOnOneCandidateAloneIsABurst()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, BurstStart, Candidates, perMinute: 1);
        // Twenty times its traffic: large enough to be reported whoever votes (a smaller lift of ordinary people is
        // left alone, see below).
        series.Background(BurstStart, BurstStart.AddHours(2), Candidates, perMinute: 1, c => c == 4 ? 20 : 1);

        var findings = VoteSeries.Replay(Detector(), series.Votes, BurstStart.AddHours(2));

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(4, f.Finding.CandidateId));
    }

    [Fact]
    public void ACompanyCanvassingItsStaffFromOnePrefixOverHoursIsNotABurst()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(7), Candidates, perMinute: 1);
        Canvass(series, candidate: 2);

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(7));

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

        var findings = VoteSeries.Replay(Detector(new BurstDetectorOptions { WarmupVotes = 300 }), series.Votes, VoteSeries.Start.AddMinutes(30));

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

        var findings = VoteSeries.Replay(Detector(new BurstDetectorOptions { MaxReceipts = 100 }), series.Votes, VoteSeries.Start.AddHours(4));

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
            var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(4));
            return string.Join("\n", findings.Select(f => $"{f.At:O} {f.Finding.Severity} {string.Join(",", f.Finding.Receipts)} {f.Finding.Summary}"));
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void AWorkplaceCallAnsweredWithinMinutesIsNotReported()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(7), Candidates, perMinute: 1);
        // 260 staff answering within minutes (median 8): over a hundred more votes in a quarter of an hour than the
        // candidate usually gets, from people who read the page and signed in long ago like everybody else.
        Canvass(series, candidate: 2, BurstStart, staff: 260, medianMinutes: 8);

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(7));

        Assert.Empty(findings);
        // The same call makes a burst: it is its ordinary voters that keep it from being a case.
        var plain = VoteSeries.Replay(Detector(new BurstDetectorOptions { PlainBurstWindowExcess = 1 }), series.Votes, VoteSeries.Start.AddHours(7));
        Assert.NotEmpty(plain);
    }

    [Fact]
    public void ABurstOfTheSameSizeFromFreshAccountsThatBarelyReadThePageIsReported()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(5), Candidates, perMinute: 1);
        var burst = new List<VoteEvent>();
        for (var i = 0; i < 300; i++)
        {
            var at = BurstStart.AddSeconds(i * 6);
            burst.Add(series.Add(at, 5, firstSeen: at.AddMinutes(-3), dwellMs: series.Int(3_000, 15_000)));
        }

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(5));

        // As soon as the burst test alarms: its voters, not its size, make it a case.
        var ungated = VoteSeries.Replay(Detector(new BurstDetectorOptions { PlainBurstWindowExcess = 1 }), series.Votes, VoteSeries.Start.AddHours(5));
        Assert.Equal(ungated.First().At, findings.First().At);
        var last = findings.Last().Finding;
        Assert.True((double)last.Evidence["peakExcessIn15Minutes"]! < new BurstDetectorOptions().PlainBurstWindowExcess);
        Assert.Equal(["fresh", "shortDwell"], last.Evidence["unusualVoters"]!.AsArray().Select(f => (string)f!));
        var named = last.Receipts.ToHashSet();
        Assert.True(burst.Count(v => named.Contains(v.Receipt)) >= 0.95 * burst.Count);
    }

    [Fact]
    public void ACompanyCanvassingForACandidateUnderAttackIsNotNamed()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(7), Candidates, perMinute: 1);
        // A script pushes candidate 2 with 900 fresh accounts in 15 minutes; an hour and a half later its company
        // calls its staff to vote for it.
        var attack = new List<VoteEvent>();
        for (var i = 0; i < 900; i++)
        {
            var at = BurstStart.AddSeconds(i);
            attack.Add(series.Add(at, 2, firstSeen: at.AddMinutes(-2), dwellMs: series.Int(500, 2_500), prefix: "103.9.0.0/24"));
        }
        var staff = Canvass(series, candidate: 2, BurstStart.AddMinutes(90), staff: 260, medianMinutes: 8);

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(7));

        var named = findings.SelectMany(f => f.Finding.Receipts).ToHashSet();
        Assert.True(attack.Count(v => named.Contains(v.Receipt)) >= 0.95 * attack.Count);
        Assert.DoesNotContain(staff, v => named.Contains(v.Receipt));
    }

    /// <summary>
    /// <paramref name="staff"/> of one company answering a call at <paramref name="call"/> over the next hours (log-normal delay with the
    /// given median, at most four hours), all from the office prefix.
    /// </summary>
    internal static List<VoteEvent> Canvass(VoteSeries series, long candidate, DateTimeOffset? call = null, int staff = 180, double medianMinutes = 25)
    {
        var votes = new List<VoteEvent>();
        for (var i = 0; i < staff; i++)
        {
            var delay = Math.Min(medianMinutes * Math.Exp(0.8 * Math.Sqrt(-2 * Math.Log(1 - series.Uniform())) * Math.Cos(2 * Math.PI * series.Uniform())), 240);
            votes.Add(series.Add((call ?? VoteSeries.Start.AddHours(3)).AddMinutes(delay), candidate, prefix: "61.19.1.0/24"));
        }
        return votes;
    }
}
