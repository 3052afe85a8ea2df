namespace PublicVote.LoadTests.Engine;

/// <param name="Index">0-based arrival number over the whole run.</param>
/// <param name="Offset">Intended start, from the run's start.</param>
public readonly record struct Arrival(long Index, TimeSpan Offset, int Phase, bool Warmup);

/// <summary>
/// An open-model schedule: phases of arrival rates laid end to end. Arrival k is due when the integral of the
/// rate reaches k, so the intended start times follow the rate exactly, whatever the server does.
/// </summary>
public sealed class ArrivalSchedule
{
    public ArrivalSchedule(IReadOnlyList<RatePhase> phases)
    {
        if (phases.Count == 0)
        {
            throw new ArgumentException("A schedule needs at least one phase.");
        }
        foreach (var phase in phases)
        {
            phase.Validate();
        }
        Phases = phases;
    }

    public IReadOnlyList<RatePhase> Phases { get; }

    public TimeSpan Duration => Phases.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);

    public TimeSpan WarmupDuration => Phases.TakeWhile(p => p.Warmup).Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Duration);

    /// <summary>Arrivals the whole schedule offers (before any request or time bound).</summary>
    public long TotalArrivals => (long)Math.Ceiling(Phases.Sum(p => p.TotalArrivals) - 1e-9);

    /// <summary>The rate the schedule asks for at <paramref name="offset"/>.</summary>
    public double RateAt(TimeSpan offset)
    {
        var start = TimeSpan.Zero;
        foreach (var phase in Phases)
        {
            if (offset < start + phase.Duration)
            {
                return phase.RateAt((offset - start).TotalSeconds);
            }
            start += phase.Duration;
        }
        return 0;
    }

    /// <summary>Every arrival in order, stopping after <paramref name="maxArrivals"/> or past <paramref name="maxDuration"/>.</summary>
    public IEnumerable<Arrival> Arrivals(long maxArrivals, TimeSpan maxDuration)
    {
        long index = 0;
        double before = 0;
        var start = 0.0;
        for (var p = 0; p < Phases.Count; p++)
        {
            var phase = Phases[p];
            var total = phase.TotalArrivals;
            while (index < maxArrivals && index < before + total - 1e-9)
            {
                var offset = TimeSpan.FromSeconds(start + phase.TimeOf(index - before));
                if (offset > maxDuration)
                {
                    yield break;
                }
                yield return new Arrival(index, offset, p, phase.Warmup);
                index++;
            }
            before += total;
            start += phase.Duration.TotalSeconds;
        }
    }

    public string Describe() => string.Join(" → ", Phases.Select(p => p.Shape == RateShape.Decay
        ? $"{p.Name} {p.StartRate:0.#}↘{p.EndRate:0.#}/s {p.Duration.TotalSeconds:0.#}s"
        : p.StartRate.Equals(p.EndRate)
            ? $"{p.Name} {p.StartRate:0.#}/s {p.Duration.TotalSeconds:0.#}s"
            : $"{p.Name} {p.StartRate:0.#}→{p.EndRate:0.#}/s {p.Duration.TotalSeconds:0.#}s"));
}
