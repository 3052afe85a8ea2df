namespace PublicVote.LoadTests.Engine;

/// <summary>The arrival schedule of each scenario, from the options.</summary>
public static class Profiles
{
    public static ArrivalSchedule For(LoadOptions o)
    {
        var rate = o.Rate ?? o.DefaultRate;
        var phases = new List<RatePhase>();
        if (o.Scenario == "push-spike")
        {
            // Quiet baseline, the push (a step to N× within seconds), a short peak, then the slow decay of
            // group-chat shares back toward the baseline.
            var peak = rate * o.SpikeFactor;
            AddIf(phases, o.Warmup, s => RatePhase.Constant("warm-up", s, rate, warmup: true));
            phases.Add(RatePhase.Constant("baseline", Seconds(o.Baseline), rate));
            phases.Add(RatePhase.Ramp("push", Seconds(o.SpikeRise), rate, peak));
            AddIf(phases, o.SpikeHold, s => RatePhase.Constant("peak", s, peak));
            phases.Add(RatePhase.DecayTo("decay", Seconds(o.SpikeDecay), peak, rate));
        }
        else
        {
            AddIf(phases, o.Warmup, s => RatePhase.Constant("warm-up", s, rate / 2, warmup: true));
            AddIf(phases, o.Ramp, s => RatePhase.Ramp("ramp-up", s, rate / 2, rate));
            phases.Add(RatePhase.Constant("plateau", Seconds(o.Duration), rate));
        }
        return new ArrivalSchedule(phases);
    }

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    private static void AddIf(List<RatePhase> phases, double seconds, Func<TimeSpan, RatePhase> phase)
    {
        if (seconds > 0)
        {
            phases.Add(phase(Seconds(seconds)));
        }
    }
}
