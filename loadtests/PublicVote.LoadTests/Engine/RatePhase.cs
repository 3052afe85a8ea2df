namespace PublicVote.LoadTests.Engine;

public enum RateShape
{
    /// <summary>The rate moves linearly from the start rate to the end rate (a constant plateau when they are equal).</summary>
    Linear,

    /// <summary>The rate falls exponentially from the start rate toward the end rate, 98 % of the way by the phase's end.</summary>
    Decay,
}

/// <summary>One phase of an arrival schedule: a rate (arrivals/s) over a duration. Warm-up phases run but stay out of the figures.</summary>
public sealed record RatePhase(string Name, TimeSpan Duration, double StartRate, double EndRate, RateShape Shape = RateShape.Linear, bool Warmup = false)
{
    public static RatePhase Constant(string name, TimeSpan duration, double rate, bool warmup = false) =>
        new(name, duration, rate, rate, RateShape.Linear, warmup);

    public static RatePhase Ramp(string name, TimeSpan duration, double from, double to) => new(name, duration, from, to);

    public static RatePhase DecayTo(string name, TimeSpan duration, double from, double to) => new(name, duration, from, to, RateShape.Decay);

    private double Seconds => Duration.TotalSeconds;

    // After the phase, e^-4 (1.8 %) of the excess rate is left.
    private double Tau => Seconds / 4;

    public double RateAt(double t) => Shape switch
    {
        RateShape.Decay => EndRate + ((StartRate - EndRate) * Math.Exp(-t / Tau)),
        _ => StartRate + ((EndRate - StartRate) * t / Seconds),
    };

    /// <summary>Expected arrivals from the phase's start to <paramref name="t"/> seconds into it (the integral of the rate).</summary>
    public double ArrivalsUntil(double t) => Shape switch
    {
        RateShape.Decay => (EndRate * t) + ((StartRate - EndRate) * Tau * (1 - Math.Exp(-t / Tau))),
        _ => (StartRate * t) + ((EndRate - StartRate) * t * t / (2 * Seconds)),
    };

    public double TotalArrivals => ArrivalsUntil(Seconds);

    /// <summary>The time into the phase at which <paramref name="n"/> arrivals are due (inverse of <see cref="ArrivalsUntil"/>).</summary>
    public double TimeOf(double n)
    {
        if (n <= 0)
        {
            return 0;
        }
        if (Shape == RateShape.Linear)
        {
            var a = StartRate;
            var b = (EndRate - StartRate) / Seconds;
            // Root of a t + b t^2 / 2 = n, in the form that stays accurate when b is ~0.
            var root = Math.Sqrt(Math.Max(0, (a * a) + (2 * b * n)));
            return a + root <= 0 ? Seconds : Math.Min(Seconds, 2 * n / (a + root));
        }
        // Decay: the integral is increasing and concave, so bisection is safe and 60 halvings are exact in doubles.
        double lo = 0, hi = Seconds;
        for (var i = 0; i < 60; i++)
        {
            var mid = (lo + hi) / 2;
            if (ArrivalsUntil(mid) < n)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return hi;
    }

    public void Validate()
    {
        if (Duration <= TimeSpan.Zero || StartRate < 0 || EndRate < 0 || double.IsNaN(StartRate) || double.IsNaN(EndRate))
        {
            throw new ArgumentException($"Phase '{Name}' needs a positive duration and non-negative rates.");
        }
    }
}
