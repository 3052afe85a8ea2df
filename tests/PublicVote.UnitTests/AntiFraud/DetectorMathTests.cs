using PublicVote.Api.Features.AntiFraud.Detection;

namespace PublicVote.UnitTests.AntiFraud;

public sealed class DetectorMathTests
{
    [Theory]
    [InlineData(3, 1.0, 0.0803013970713942)]
    [InlineData(10, 2.5, 2.7735209462e-4)]
    [InlineData(1, 0.1, 0.0951625819640404)]
    public void PoissonTailsMatchTheirKnownValues(long k, double mean, double p)
    {
        Assert.Equal(Math.Log10(p), DetectorMath.Log10PoissonUpperTail(k, mean), 6);
    }

    [Fact]
    public void TailsBelowTheMeanAreNotSignificantAndHugeOnesDoNotUnderflow()
    {
        Assert.Equal(0, DetectorMath.Log10PoissonUpperTail(2, 5));
        Assert.InRange(DetectorMath.Log10PoissonUpperTail(900, 50), -1000, -500);
        Assert.InRange(DetectorMath.Log10BinomialUpperTail(900, 1000, 0.05), -2000, -500);
    }

    [Theory]
    [InlineData(8, 10, 0.5, 0.0546875)]
    [InlineData(30, 100, 0.1, 2.445112239e-8)]
    public void BinomialTailsMatchTheirKnownValues(long k, long n, double p, double tail)
    {
        Assert.Equal(Math.Log10(tail), DetectorMath.Log10BinomialUpperTail(k, n, p), 6);
    }

    [Fact]
    public void LogGammaIsTheLogOfTheFactorial()
    {
        Assert.Equal(Math.Log(24), DetectorMath.LogGamma(5), 10);
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), DetectorMath.LogGamma(0.5), 10);
    }

    [Fact]
    public void TheVoteRingKeepsTheNewestVotesAndTheirSequence()
    {
        var ring = new VoteRing(3);
        var votes = Enumerable.Range(0, 5).Select(i => new VoteEvent($"r{i}", 1, 1, "v", VoteSeries.Start.AddSeconds(i), "", "", null, null)).ToList();
        votes.ForEach(ring.Add);

        Assert.Equal(3, ring.Count);
        Assert.Equal(2, ring.FirstSeq);
        Assert.Equal("r4", ring.Get(4).Receipt);
        ring.TrimBefore(VoteSeries.Start.AddSeconds(4));
        Assert.Equal(["r4"], Enumerable.Range((int)ring.FirstSeq, ring.Count).Select(i => ring.Get(i).Receipt));
    }
}
