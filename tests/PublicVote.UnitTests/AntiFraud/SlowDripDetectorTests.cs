using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class SlowDripDetectorTests
{
    private static readonly long[] Candidates = [1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly DateTimeOffset DripStart = VoteSeries.Start.AddDays(1);
    private static readonly DateTimeOffset End = VoteSeries.Start.AddDays(4);

    private static SlowDripDetector Detector() => new(VoteSeries.Options(new SlowDripDetectorOptions()));

    /// <summary>
    /// Four days of people: three a minute, most voting for 2–4 candidates (candidate 1 the favourite), 15 % for a
    /// single one; returning voters and some new ones.
    /// </summary>
    private static void People(VoteSeries series)
    {
        foreach (var at in series.Arrivals(VoteSeries.Start, End, perMinute: 3))
        {
            var voter = series.NewVoter();
            var firstSeen = series.Uniform() < 0.4 ? at.AddMinutes(-5) : VoteSeries.Start.AddDays(-60);
            var count = series.Uniform() < 0.15 ? 1 : series.Int(2, 4);
            var picks = Enumerable.Range(0, count).Select(_ => series.Uniform() < 0.3 ? 1L : Candidates[series.Int(1, 7)]).Distinct();
            var when = at;
            foreach (var candidate in picks)
            {
                series.Add(when, candidate, voter, firstSeen: firstSeen);
                when = when.AddSeconds(30);
            }
        }
    }

    /// <summary>
    /// Accounts each voting once for <paramref name="candidate"/> (and, camouflaged, for the favourite too): rented
    /// aged accounts, or new ones (first seen minutes before) when <paramref name="fresh"/>.
    /// </summary>
    private static List<VoteEvent> Drip(VoteSeries series, long candidate, double perHour, bool camouflage = false, bool fresh = false,
        DateTimeOffset? from = null)
    {
        var votes = new List<VoteEvent>();
        foreach (var at in series.Arrivals(from ?? DripStart, End, perHour / 60))
        {
            var account = series.NewVoter();
            var firstSeen = fresh ? at.AddMinutes(-4) : VoteSeries.Start.AddDays(-400);
            votes.Add(series.Add(at, candidate, account, firstSeen: firstSeen));
            if (camouflage)
            {
                series.Add(at.AddSeconds(25), 1, account, firstSeen: firstSeen);
            }
        }
        return votes;
    }

    private static double NamedShare(List<(DateTimeOffset At, Finding Finding)> findings, List<VoteEvent> votes)
    {
        var named = findings.SelectMany(f => f.Finding.Receipts).ToHashSet();
        return votes.Count(v => named.Contains(v.Receipt)) / (double)votes.Count;
    }

    private static double HeldWithin72Hours(List<(DateTimeOffset At, Finding Finding)> findings, List<VoteEvent> drip)
    {
        var deadline = DripStart.AddHours(72);
        var named = findings.Where(f => f.At <= deadline).SelectMany(f => f.Finding.Receipts).ToHashSet();
        var cast = drip.Where(v => v.At < deadline).ToList();
        return cast.Count(v => named.Contains(v.Receipt)) / (double)cast.Count;
    }

    [Fact]
    public void ADripOfSinglePurposeAccountsIsFoundWithinThreeDaysWithMostOfItsVotes()
    {
        var series = new VoteSeries();
        People(series);
        var drip = Drip(series, candidate: 5, perHour: 20);

        var findings = VoteSeries.Replay(Detector(), series.Votes, End);

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(5, f.Finding.CandidateId));
        Assert.True(HeldWithin72Hours(findings, drip) >= 0.85, $"{HeldWithin72Hours(findings, drip):P0} of the drip named by 72 h");
        var last = findings.Last().Finding;
        Assert.Equal("returning", (string)last.Evidence["voterClass"]!);
        Assert.True((double)last.Evidence["runShare"]! > (double)last.Evidence["baselineShare"]! + 0.1);
        Assert.Contains("单一用途", last.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void PeopleAloneRaiseNothingInFourDays()
    {
        var series = new VoteSeries();
        People(series);

        Assert.Empty(VoteSeries.Replay(Detector(), series.Votes, End));
    }

    [Fact]
    public void AccountsThatAlsoVoteForTheFavouriteAreStillSinglePurpose()
    {
        var series = new VoteSeries();
        People(series);
        var drip = Drip(series, candidate: 6, perHour: 20, camouflage: true);

        var findings = VoteSeries.Replay(Detector(), series.Votes, End);

        Assert.Contains(findings, f => f.Finding.CandidateId == 6 && (string)f.Finding.Evidence["voterClass"]! == "camouflagedReturning");
        Assert.True(HeldWithin72Hours(findings, drip) >= 0.85, $"{HeldWithin72Hours(findings, drip):P0} of the drip named by 72 h");
    }

    [Fact]
    public void ACamouflagedDripIsNamedWithoutTheNewcomersWhoVoteTheSameWay()
    {
        var series = new VoteSeries();
        People(series);
        // Candidate 6 is popular with newcomers who also vote for the favourite: steady, every day (its normal).
        var newcomers = Drip(series, candidate: 6, perHour: 8, camouflage: true, fresh: true, from: VoteSeries.Start);
        var drip = Drip(series, candidate: 6, perHour: 12, camouflage: true);

        var findings = VoteSeries.Replay(Detector(), series.Votes, End);

        Assert.All(findings, f => Assert.Equal(6, f.Finding.CandidateId));
        Assert.True(HeldWithin72Hours(findings, drip) >= 0.85, $"{HeldWithin72Hours(findings, drip):P0} of the drip named by 72 h");
        Assert.True(NamedShare(findings, newcomers) == 0, $"{NamedShare(findings, newcomers):P0} of the newcomers named");
        Assert.Equal(["camouflagedReturning"], findings.Last().Finding.Evidence["namedClasses"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public void AnAgedAccountDripNamesTheSteadyNewcomersBesideItButNotAShareWave()
    {
        var series = new VoteSeries();
        People(series);
        // Candidate 5 always draws newcomers who vote for it alone; during the drip, a share in a big chat group
        // brings 150 more of them within three hours.
        var newcomers = Drip(series, candidate: 5, perHour: 10, fresh: true, from: VoteSeries.Start);
        var wave = new List<VoteEvent>();
        var share = DripStart.AddHours(40);
        for (var i = 0; i < 150; i++)
        {
            var at = share.AddMinutes(series.Uniform() * 180);
            wave.Add(series.Add(at, 5, firstSeen: at.AddMinutes(-3)));
        }
        var drip = Drip(series, candidate: 5, perHour: 20);

        var findings = VoteSeries.Replay(Detector(), series.Votes, End);

        Assert.True(HeldWithin72Hours(findings, drip) >= 0.85, $"{HeldWithin72Hours(findings, drip):P0} of the drip named by 72 h");
        var last = findings.Last().Finding;
        Assert.Equal("returning", (string)last.Evidence["voterClass"]!);
        Assert.Equal("fresh", (string?)last.Evidence["sibling"]);
        Assert.True((int)last.Evidence["siblingWaveHours"]! >= 2, "the share's hours are waves");
        // The steady newcomers of the drip's span look like an operator's new accounts and are held for review...
        var during = newcomers.Where(v => v.At >= DripStart.AddHours(24)).ToList();
        Assert.True(NamedShare(findings, during) >= 0.5, $"{NamedShare(findings, during):P0} of the steady newcomers named");
        // ...the share's crowd is not: it came all at once.
        Assert.True(NamedShare(findings, wave) <= 0.05, $"{NamedShare(findings, wave):P0} of the share wave named");
    }

    [Fact]
    public void AnOperatorsMixOfAgedAndNewAccountsIsNamedWhole()
    {
        var series = new VoteSeries();
        People(series);
        var drip = Drip(series, candidate: 4, perHour: 18).Concat(Drip(series, candidate: 4, perHour: 6, fresh: true)).ToList();

        var findings = VoteSeries.Replay(Detector(), series.Votes, End);

        Assert.True(HeldWithin72Hours(findings, drip) >= 0.85, $"{HeldWithin72Hours(findings, drip):P0} of the drip named by 72 h");
        var last = findings.Last().Finding;
        Assert.Equal("returning", (string)last.Evidence["voterClass"]!);
        Assert.Equal(["fresh", "returning"], last.Evidence["namedClasses"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public void ALiftOfNewcomersWithAFewReturningVotersAmongThemIsNotADrip()
    {
        var series = new VoteSeries();
        People(series);
        // Candidate 4 always draws newcomers voting for it alone (shares in chat groups); for the last days more of
        // them, two in three new to the service, the others signed in before.
        Drip(series, candidate: 4, perHour: 10, fresh: true, from: VoteSeries.Start);
        Drip(series, candidate: 4, perHour: 12, fresh: true);
        Drip(series, candidate: 4, perHour: 6);

        Assert.Empty(VoteSeries.Replay(Detector(), series.Votes, End));
    }

    [Fact]
    public void AFewHoursOfNewVotersFromAShareDoNotMakeADrip()
    {
        var series = new VoteSeries();
        People(series);
        // A share in a big group chat: 150 new people voting once for candidate 4 over three hours.
        var share = DripStart.AddHours(10);
        for (var i = 0; i < 150; i++)
        {
            var at = share.AddMinutes(series.Uniform() * 180);
            series.Add(at, 4, firstSeen: at.AddMinutes(-3));
        }

        Assert.Empty(VoteSeries.Replay(Detector(), series.Votes, End));
    }
}
