namespace PublicVote.Api.Features.AntiFraud.Detection;

/// <summary>
/// The few distributions the detectors test against. Tails are returned as log10 p so that the tiny p-values of a
/// real burst (1e-300 and below) stay comparable instead of underflowing to zero.
/// </summary>
public static class DetectorMath
{
    /// <summary>ln Γ(x) for x &gt; 0: Stirling's series after shifting x to 7 or more (absolute error ~1e-11).</summary>
    public static double LogGamma(double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(x);
        double shift = 0;
        for (; x < 7; x++)
        {
            shift -= Math.Log(x);
        }
        var x2 = x * x;
        return shift + ((x - 0.5) * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI))
            + (1 / (12 * x)) - (1 / (360 * x * x2)) + (1 / (1260 * x * x2 * x2)) - (1 / (1680 * x * x2 * x2 * x2));
    }

    /// <summary>log10 P(X ≥ k) for X ~ Poisson(mean). Returns 0 (p ≈ 1, "not significant") when k ≤ mean.</summary>
    public static double Log10PoissonUpperTail(long k, double mean)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (k <= mean || k == 0)
        {
            return 0;
        }
        if (mean <= 0)
        {
            return double.NegativeInfinity;
        }
        var logTerm = -mean + (k * Math.Log(mean)) - LogGamma(k + 1);
        // Past the mode each term is mean/(i+1) times the previous one, so the sum converges geometrically.
        double sum = 1, term = 1;
        for (var i = k; i < k + 100_000; i++)
        {
            term *= mean / (i + 1);
            sum += term;
            if (term < 1e-15 * sum)
            {
                break;
            }
        }
        return Math.Min(0, (logTerm + Math.Log(sum)) / Math.Log(10));
    }

    /// <summary>log10 P(X ≥ k) for X ~ Binomial(n, p). Returns 0 when k ≤ n·p.</summary>
    public static double Log10BinomialUpperTail(long k, long n, double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, k);
        if (k <= n * p || k == 0)
        {
            return 0;
        }
        if (p <= 0)
        {
            return double.NegativeInfinity;
        }
        if (p >= 1)
        {
            return 0;
        }
        var logTerm = LogGamma(n + 1) - LogGamma(k + 1) - LogGamma(n - k + 1) + (k * Math.Log(p)) + ((n - k) * Math.Log(1 - p));
        double sum = 1, term = 1;
        var odds = p / (1 - p);
        for (var i = k; i < n; i++)
        {
            term *= (n - i) / (double)(i + 1) * odds;
            sum += term;
            if (term < 1e-15 * sum)
            {
                break;
            }
        }
        return Math.Min(0, (logTerm + Math.Log(sum)) / Math.Log(10));
    }

    /// <summary>
    /// Whether <paramref name="positive"/> of <paramref name="known"/> votes carrying a share feature (fresh voter,
    /// short dwell...) is far above its <paramref name="usual"/> share: enough votes, a lift of at least
    /// <see cref="CompositionDetectorOptions.MinShareLift"/>, and significant.
    /// </summary>
    public static bool ShareElevated(int positive, int known, double usual, CompositionDetectorOptions options) =>
        positive >= options.MinDriverVotes && positive / (double)known >= usual + options.MinShareLift
        && Log10BinomialUpperTail(positive, known, Math.Clamp(usual, 1e-4, 1 - 1e-9)) <= options.Log10Significance;

    /// <summary>Per-step factor of an exponentially weighted average whose weights halve every <paramref name="halfLifeSteps"/> steps.</summary>
    public static double DecayPerStep(double halfLifeSteps) => Math.Pow(0.5, 1 / halfLifeSteps);

    public static double Clamp01(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, 0, 1);

    /// <summary>Where <paramref name="value"/> lies between <paramref name="low"/> (0) and <paramref name="high"/> (1) on a log scale.</summary>
    public static double LogScale(double value, double low, double high) =>
        value <= low ? 0 : Clamp01(Math.Log(value / low) / Math.Log(high / low));

    public static long UnixMinute(DateTimeOffset at) => (long)Math.Floor(at.ToUnixTimeMilliseconds() / 60_000.0);

    public static DateTimeOffset FromUnixMinute(long minute) => DateTimeOffset.FromUnixTimeMilliseconds(minute * 60_000);

    public static long UnixHour(DateTimeOffset at) => (long)Math.Floor(at.ToUnixTimeMilliseconds() / 3_600_000.0);

    public static DateTimeOffset FromUnixHour(long hour) => DateTimeOffset.FromUnixTimeMilliseconds(hour * 3_600_000);
}
