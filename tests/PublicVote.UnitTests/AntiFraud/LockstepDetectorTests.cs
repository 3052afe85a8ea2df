using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class LockstepDetectorTests
{
    private static readonly long[] Candidates = [.. Enumerable.Range(1, 40).Select(i => (long)i)];
    private static readonly long[] Group = [3, 11, 17, 25, 33];

    private static LockstepDetector Detector(LockstepDetectorOptions? options = null) => new(VoteSeries.Options(options ?? new LockstepDetectorOptions()));

    /// <summary>Three days of people voting 1–5 candidates in a sitting, the popular ones more often.</summary>
    private static void People(VoteSeries series, int voters = 3000)
    {
        for (var i = 0; i < voters; i++)
        {
            var voter = series.NewVoter();
            var at = VoteSeries.Start.AddMinutes(series.Uniform() * 3 * 24 * 60);
            var picks = Enumerable.Range(0, series.Int(1, 5)).Select(_ => Candidates[(int)(Math.Pow(series.Uniform(), 2) * Candidates.Length)]).Distinct();
            foreach (var candidate in picks)
            {
                series.Add(at, candidate, voter);
                at = at.AddSeconds(series.Int(10, 60));
            }
        }
    }

    /// <summary>A group whose members each vote for all of <paramref name="group"/> within the hour after each day's call.</summary>
    private static Dictionary<string, List<VoteEvent>> Exchange(VoteSeries series, int members, long[] group, int rounds)
    {
        var votes = new Dictionary<string, List<VoteEvent>>();
        var keys = Enumerable.Range(0, members).Select(_ => series.NewVoter()).ToList();
        for (var day = 0; day < rounds; day++)
        {
            var call = VoteSeries.Start.AddDays(day).AddHours(20);
            foreach (var member in keys)
            {
                var at = call.AddMinutes(series.Uniform() * 50);
                foreach (var candidate in group.OrderBy(_ => series.Uniform()))
                {
                    (votes.TryGetValue(member, out var list) ? list : votes[member] = []).Add(series.Add(at, candidate, member));
                    at = at.AddSeconds(series.Int(10, 40));
                }
            }
        }
        return votes;
    }

    [Fact]
    public void AVoteExchangeGroupIsFoundAfterItsSecondRoundWithAllItsMembers()
    {
        var series = new VoteSeries();
        People(series);
        var group = Exchange(series, members: 25, Group, rounds: 2);

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddDays(3), TimeSpan.FromMinutes(10));

        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Contains(f.Finding.CandidateId, Group));
        Assert.True(findings.First().At < VoteSeries.Start.AddDays(1).AddHours(22), $"first found {findings.First().At}");
        var named = findings.SelectMany(f => f.Finding.Receipts).ToHashSet();
        var members = group.Values.SelectMany(v => v).ToList();
        Assert.Equal(members.Count, members.Count(v => named.Contains(v.Receipt)));
        Assert.Equal(members.Count, named.Count);
        var evidence = findings.Last().Finding.Evidence;
        Assert.Equal(25, (int)evidence["members"]!);
        Assert.Equal(Group, evidence["candidates"]!.AsArray().Select(c => (long)c!));
        Assert.Contains("互投群", findings.Last().Finding.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void OneSynchronizedRoundIsNotYetAGroup()
    {
        var series = new VoteSeries();
        People(series);
        Exchange(series, members: 25, Group, rounds: 1);

        Assert.Empty(VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddDays(3), TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void ALockstepPairIsFoundWhenTheMinimumGroupIsTwo()
    {
        var series = new VoteSeries();
        People(series, voters: 300);
        // Two voters in step on four candidates the crowd seldom votes for together (on favourites a pair is just two fans).
        var pair = Exchange(series, members: 2, [31, 34, 37, 39], rounds: 3);

        var defaults = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddDays(3), TimeSpan.FromMinutes(10));
        var pairs = VoteSeries.Replay(Detector(new LockstepDetectorOptions { MinMembers = 2 }), series.Votes, VoteSeries.Start.AddDays(3), TimeSpan.FromMinutes(10));

        Assert.Empty(defaults);
        var named = pairs.SelectMany(f => f.Finding.Receipts).ToHashSet();
        Assert.Equal(pair.Values.Sum(v => v.Count), named.Count);
        Assert.All(pair.Values.SelectMany(v => v), v => Assert.Contains(v.Receipt, named));
    }

    [Fact]
    public void StaffVotingForTheirCompanysTwoCandidatesEveryDayIsNotAGroup()
    {
        var series = new VoteSeries();
        People(series);
        Exchange(series, members: 60, [7, 8], rounds: 3);

        Assert.Empty(VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddDays(3), TimeSpan.FromMinutes(10)));
    }

    [Fact]
    public void MembersWhoAlsoVoteForFavouritesAreStillFound()
    {
        var series = new VoteSeries();
        People(series);
        var group = Exchange(series, members: 25, Group, rounds: 2);
        // Camouflage: each member also votes for one of the eight most popular candidates in the same sitting.
        foreach (var (member, votes) in group)
        {
            foreach (var vote in votes.GroupBy(v => v.At.Date).Select(g => g.Last()))
            {
                series.Add(vote.At.AddSeconds(20), series.Int(1, 8), member);
            }
        }

        var findings = VoteSeries.Replay(Detector(), series.Votes, VoteSeries.Start.AddDays(3), TimeSpan.FromMinutes(10));

        var named = findings.SelectMany(f => f.Finding.Receipts).ToHashSet();
        Assert.All(group.Values.SelectMany(v => v), v => Assert.Contains(v.Receipt, named));
        Assert.All(findings, f => Assert.Contains(f.Finding.CandidateId, Group));
    }
}
