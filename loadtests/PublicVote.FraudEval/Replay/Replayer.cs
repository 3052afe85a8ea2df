using PublicVote.FraudEval.Simulation;

namespace PublicVote.FraudEval.Replay;

/// <summary>
/// Drives a scenario through a target on a virtual clock: each tick submits the votes cast before it, advances the
/// clock to it and collects what the target found. After the last vote it keeps ticking for <c>drain</c> so that the
/// detectors that judge late (slow drip settles votes for hours) get to report.
/// </summary>
internal sealed class Replayer(IReplayTarget target, TimeSpan tick, TimeSpan drain)
{
    public async Task<ReplayLog> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var log = new ReplayLog(scenario);
        var population = scenario.Population;
        await target.PrepareAsync(new ReplayCampaign(Population.CampaignId, population.Start, population.End,
            population.CandidateIds, population.OrgOf), cancellationToken);
        var votes = scenario.Votes;
        var next = 0;
        var end = (votes.Count > 0 ? votes[^1].At : population.End) + drain;
        // Ticks fall 10 s past the minute, as an unaligned host timer would, not exactly on minute boundaries.
        for (var now = population.Start + tick + TimeSpan.FromSeconds(10); now <= end; now += tick)
        {
            var first = next;
            while (next < votes.Count && votes[next].At < now)
            {
                next++;
            }
            if (next > first)
            {
                var batch = new SimVote[next - first];
                for (var i = first; i < next; i++)
                {
                    batch[i - first] = votes[i];
                }
                log.Submitted(first, await target.SubmitAsync(batch, cancellationToken));
            }
            await target.AdvanceAsync(now, cancellationToken);
            log.Observe(now, await target.CollectAsync(cancellationToken));
        }
        return log;
    }
}
