using PublicVote.LoadTests;
using PublicVote.LoadTests.Correctness;
using PublicVote.LoadTests.Engine;
using PublicVote.LoadTests.Scenarios;
using PublicVote.LoadTests.Sessions;

namespace PublicVote.LoadTests.Tests;

public class SmallPartsTests
{
    [Fact]
    public void ZipfDrawsFollowTheirProbabilities()
    {
        var zipf = new ZipfSampler(10, 1.0);
        Assert.Equal(2.0, zipf.Probability(0) / zipf.Probability(1), 9);
        Assert.Equal(1.0, Enumerable.Range(0, 10).Sum(zipf.Probability), 9);
        var counts = new int[10];
        var random = new Random(7);
        const int draws = 200_000;
        for (var i = 0; i < draws; i++)
        {
            counts[zipf.Sample(random.NextDouble())]++;
        }
        for (var k = 0; k < 10; k++)
        {
            Assert.InRange((double)counts[k] / draws, zipf.Probability(k) - 0.005, zipf.Probability(k) + 0.005);
        }
        Assert.Equal(9, zipf.Sample(0.9999999999));
        Assert.Equal(0, zipf.Sample(0));
    }

    [Theory]
    [InlineData("7-0-1785549600000-0", 7, 0, 1785549600000, 0)]
    [InlineData("123-15-1-42", 123, 15, 1, 42)]
    public void ReceiptsParseIntoTheVotesPrimaryKey(string text, long campaign, int shard, long ms, long seq)
    {
        Assert.True(Receipt.TryParse(text, out var receipt));
        Assert.Equal(new Receipt(campaign, shard, ms, seq), receipt);
        Assert.Equal(text, receipt.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("7-0-1785549600000")]
    [InlineData("7-0-1-2-3")]
    [InlineData("7-0-x-0")]
    [InlineData("-7-0-1-0")]
    [InlineData("7-+0-1-0")]
    public void MalformedReceiptsAreRefused(string? text) => Assert.False(Receipt.TryParse(text, out _));

    [Fact]
    public void AcceptedVotesCountAReplayOnceAndFlagAContradiction()
    {
        var accepted = new AcceptedVotes(7);
        Assert.True(accepted.Record("7-0-100-0", 3));
        Assert.True(accepted.Record("7-0-100-0", 3));
        Assert.Equal(1, accepted.Count);
        Assert.Equal(2, accepted.Responses);
        Assert.False(accepted.Record("7-0-100-0", 4));
        Assert.False(accepted.Record("8-0-100-1", 4));
        Assert.False(accepted.Record("garbage", 4));
        Assert.Equal(3, accepted.Conflicts.Count);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://127.3.4.5")]
    [InlineData("https://localhost:8443/")]
    [InlineData("http://[::1]:5080")]
    public void LoopbackTargetsAreAllowed(string url) => Assert.NotNull(LoopbackGuard.RequireLoopback(url, "x"));

    [Theory]
    [InlineData("http://10.0.0.5:5080")]
    [InlineData("http://example.com")]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://127.0.0.1.example.com")]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("127.0.0.1:5080")]
    public void NonLoopbackTargetsAreRefused(string url) => Assert.Throws<ArgumentException>(() => LoopbackGuard.RequireLoopback(url, "x"));

    [Fact]
    public void TheVoterModelPredictsTheScriptsAnswers()
    {
        var voter = new VoterModel(dailyLimit: 2, perCandidateLimit: 1);
        Assert.Equal(VotePrediction.Accepted, voter.Predict(1));
        voter.Accepted(1);
        Assert.Equal(VotePrediction.AlreadyVoted, voter.Predict(1));
        voter.Accepted(2);
        // The per-candidate answer comes before the daily one, as in vote.lua.
        Assert.Equal(VotePrediction.AlreadyVoted, voter.Predict(2));
        Assert.Equal(VotePrediction.DailyLimitReached, voter.Predict(3));
    }

    [Fact]
    public void OptionsRefuseUnknownAndMalformedValues()
    {
        string[] valid = ["vote-only", "--postgres", "Host=127.0.0.1", "--api-dll", "x.dll"];
        Assert.Equal(500, LoadOptions.Parse(valid).DefaultRate);
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse([.. valid, "--rtae", "5"]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse([.. valid, "--rate", "fast"]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse([.. valid, "--rate", "-1"]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse([.. valid, "--sessions", "sms"]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["vote-only", "--postgres", "Host=127.0.0.1"]));
        Assert.Throws<ArgumentException>(() => LoadOptions.Parse(["vote-everything"]));
    }

    [Fact]
    public void SessionFilesHoldOneTokenPerLineAndNothingElse()
    {
        Assert.Equal(["a.b", "c.d"], MintedSessions.Parse("a.b\n\nc.d\r\n"));
        Assert.Throws<InvalidOperationException>(() => MintedSessions.Parse("a.b\ninfo: something logged\n"));
    }
}
