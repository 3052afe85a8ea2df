namespace PublicVote.LoadTests.Engine;

/// <summary>
/// Draws ranks 0..n-1 with P(k) ∝ 1 / (k+1)^s: a few star candidates get most votes, as in a real campaign.
/// Inverse-CDF over a precomputed table: one binary search per draw, no allocation.
/// </summary>
public sealed class ZipfSampler
{
    private readonly double[] _cumulative;

    public ZipfSampler(int n, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(exponent);
        _cumulative = new double[n];
        double sum = 0;
        for (var k = 0; k < n; k++)
        {
            sum += 1 / Math.Pow(k + 1, exponent);
            _cumulative[k] = sum;
        }
        for (var k = 0; k < n; k++)
        {
            _cumulative[k] /= sum;
        }
        _cumulative[n - 1] = 1;
    }

    public int Count => _cumulative.Length;

    public double Probability(int rank) => _cumulative[rank] - (rank == 0 ? 0 : _cumulative[rank - 1]);

    /// <param name="uniform">A uniform draw in [0, 1).</param>
    public int Sample(double uniform)
    {
        var i = Array.BinarySearch(_cumulative, uniform);
        i = i >= 0 ? i + 1 : ~i;
        return Math.Min(i, _cumulative.Length - 1);
    }
}
