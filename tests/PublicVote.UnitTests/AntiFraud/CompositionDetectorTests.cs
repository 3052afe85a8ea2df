using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class CompositionDetectorTests
{
    private static readonly long[] Candidates = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    private static readonly DateTimeOffset BurstStart = VoteSeries.Start.AddHours(3);

    private static CompositionDetector Detector(CompositionDetectorOptions? options = null) =>
        new(VoteSeries.Options(new BurstDetectorOptions()), VoteSeries.Options(options ?? new CompositionDetectorOptions()));

    [Fact]
    public void AScriptedFreshAccountBurstIsPinnedOnItsPrefixesUserAgentsFreshVotersAndDwell()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(4), Candidates, perMinute: 1);
        var burst = new List<VoteEvent>();
        for (var i = 0; i < 300; i++)
        {
            var at = BurstStart.AddSeconds(i * 4);
            burst.Add(series.Add(at, 3, prefix: i % 2 == 0 ? "103.35.40.0/24" : "103.35.41.0/24", ua: i % 3 == 0 ? "5c21a0b0c0d0e0f0" : "7d00aa11bb22cc33",
                firstSeen: at.AddMinutes(-2), dwellMs: 900 + (i % 7 * 100)));
        }

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(4));

        Assert.All(findings, f => Assert.Equal(3, f.Finding.CandidateId));
        var first = findings.First();
        Assert.InRange(first.At - BurstStart, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        var last = findings.Last().Finding;
        Assert.True(last.Severity >= 0.8, $"severity {last.Severity}");
        var elevated = last.Evidence["elevated"]!.AsArray().Select(e => (string)e!).ToList();
        Assert.Contains("prefix", elevated);
        Assert.Contains("userAgent", elevated);
        Assert.Contains("fresh", elevated);
        Assert.Contains("machineDwell", elevated);
        var named = last.Receipts.ToHashSet();
        Assert.True(burst.Count(v => named.Contains(v.Receipt)) >= 0.95 * burst.Count);
        // Only the burst's votes carry two of the drivers: the candidate's ordinary voters stay out.
        Assert.True(last.Receipts.Count <= burst.Count + 5, $"{last.Receipts.Count} named");
        Assert.Contains("103.35.4", last.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void StaffAnsweringACallDuringAScriptedBurstOnTheirCandidateAreNotImplicated()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(4), Candidates, perMinute: 1);
        var burst = new List<VoteEvent>();
        for (var i = 0; i < 300; i++)
        {
            var at = BurstStart.AddSeconds(i * 4);
            burst.Add(series.Add(at, 3, prefix: "103.35.40.0/24", ua: "7d00aa11bb22cc33", firstSeen: at.AddMinutes(-2), dwellMs: 900 + (i % 7 * 100)));
        }
        // Meanwhile the candidate's company calls its staff: new to the service too, from prefixes the campaign has
        // not seen, half of them voting within seconds of opening the page (they knew what to click).
        var staff = new List<VoteEvent>();
        for (var i = 0; i < 60; i++)
        {
            var at = BurstStart.AddSeconds(i * 15);
            staff.Add(series.Add(at, 3, firstSeen: at.AddMinutes(-5), dwellMs: i % 2 == 0 ? series.Int(4_000, 9_000) : null));
        }

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(4));

        var named = findings.SelectMany(f => f.Finding.Receipts).ToHashSet();
        Assert.True(burst.Count(v => named.Contains(v.Receipt)) >= 0.95 * burst.Count);
        Assert.True(staff.Count(v => named.Contains(v.Receipt)) <= 3, $"{staff.Count(v => named.Contains(v.Receipt))} of the staff named");
    }

    [Fact]
    public void ABurstOfOrdinaryLookingVotersHasNoDriversToReport()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(4), Candidates, perMinute: 1);
        for (var i = 0; i < 300; i++)
        {
            series.Add(BurstStart.AddSeconds(i * 4), 3);
        }

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(4));

        Assert.Empty(findings);
    }

    [Fact]
    public void ACompanyCanvassingFromItsOfficePrefixShowsThatPrefixButTooMildlyToReport()
    {
        var series = new VoteSeries();
        series.Background(VoteSeries.Start, VoteSeries.Start.AddHours(7), Candidates, perMinute: 1);
        BurstDetectorTests.Canvass(series, candidate: 2);

        Assert.Empty(VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddHours(7)));

        var everything = VoteSeries.Replay(Detector(new CompositionDetectorOptions { MinSeverity = 0 }), series.Votes, VoteSeries.Start.AddHours(7));
        var finding = Assert.Single(everything.Select(f => f.Finding), f => f.Evidence["closed"]!.GetValue<bool>());
        Assert.Equal(2, finding.CandidateId);
        Assert.Equal("61.19.1.0/24", (string)finding.Evidence["prefixDrivers"]![0]!["key"]!);
        Assert.True(finding.Severity < 0.35, $"severity {finding.Severity}");
    }
}
