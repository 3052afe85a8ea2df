namespace PublicVote.LoadTests.Scenarios;

/// <summary>The raw hot path: arrival k is a distinct voter casting one vote, candidates taken round-robin.</summary>
internal sealed class VoteOnlyScenario(string name) : IScenario
{
    public string Name { get; } = name;

    public IReadOnlyList<string> StepNames { get; } = ["vote"];

    public async Task RunAsync(Iteration iteration, ScenarioEnvironment env)
    {
        var candidates = env.Campaign.Candidates;
        var candidate = candidates[(int)(iteration.Arrival.Index % candidates.Count)];
        await Steps.VoteAsync(iteration, env, "vote", env.SessionOf(iteration.Arrival), candidate.Id, null, voter: null);
        iteration.Complete();
    }
}
