namespace PublicVote.FraudEval.Simulation;

/// <summary>
/// The day's shape of citizen traffic (protocol C2): peaks at 08:30, 12:30 and 21:00 local time and a 00:00–06:00
/// trough at about 5 % of the peak. <see cref="Shape"/> is 1 at the highest peak.
/// </summary>
internal static class Diurnal
{
    private static readonly (double Hour, double Height, double Width)[] Peaks = [(8.5, 0.8, 1.0), (12.5, 0.75, 1.0), (21.0, 1.0, 1.4)];
    private static readonly double Max = Enumerable.Range(0, 24 * 60).Select(m => Raw(m / 60.0)).Max();

    /// <summary>Mean of <see cref="Shape"/> over a day (to turn a daily volume into an hourly rate).</summary>
    public static readonly double Mean = Enumerable.Range(0, 24 * 60).Select(m => Shape(m / 60.0)).Average();

    public static double Shape(double localHour) => Raw(localHour) / Max;

    /// <summary>A local time of day (hours) drawn from the curve, by rejection.</summary>
    public static double SampleHour(Rng rng)
    {
        while (true)
        {
            var hour = rng.Uniform(0, 24);
            if (rng.Uniform() < Shape(hour))
            {
                return hour;
            }
        }
    }

    private static double Raw(double hour)
    {
        // Awake plateau from ~07:00 to ~23:30, a 5 % floor at night, Gaussian peaks on top (wrapping at midnight).
        var awake = 0.3 / (1 + Math.Exp(-(hour - 7) * 2)) * (1 / (1 + Math.Exp((hour - 23.5) * 2)));
        var value = 0.05 + awake;
        foreach (var (at, height, width) in Peaks)
        {
            var d = Math.Min(Math.Abs(hour - at), 24 - Math.Abs(hour - at));
            value += height * Math.Exp(-d * d / (2 * width * width));
        }
        return value;
    }
}
