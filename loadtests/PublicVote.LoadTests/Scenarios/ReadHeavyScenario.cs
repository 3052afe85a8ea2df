using System.Globalization;

namespace PublicVote.LoadTests.Scenarios;

/// <summary>
/// Ranking and candidate-list reads at a high rate while votes stream in: each arrival is a read (ranking 60 %,
/// a candidate-list page 40 %) with probability <see cref="ScenarioSettings.ReadShare"/>, else one vote by a distinct voter.
/// </summary>
internal sealed class ReadHeavyScenario : IScenario
{
    private const int PageSize = 20;

    public string Name => "read-heavy";

    public IReadOnlyList<string> StepNames { get; } = ["ranking", "candidates", "vote"];

    public async Task RunAsync(Iteration iteration, ScenarioEnvironment env)
    {
        var random = iteration.Random;
        var campaign = env.Campaign;
        if (random.NextDouble() < env.Settings.ReadShare)
        {
            var category = campaign.CategoryIds[random.Next(campaign.CategoryIds.Count)];
            if (random.NextDouble() < 0.6)
            {
                await Steps.GetAsync(iteration, env, "ranking", string.Create(CultureInfo.InvariantCulture, $"/ranking?categoryId={category}"));
            }
            else
            {
                var pages = Math.Max(1, (campaign.Candidates.Count / campaign.CategoryIds.Count + PageSize - 1) / PageSize);
                var page = random.Next(1, pages + 1);
                await Steps.GetAsync(iteration, env, "candidates",
                    string.Create(CultureInfo.InvariantCulture, $"/candidates?categoryId={category}&page={page}&pageSize={PageSize}"));
            }
        }
        else
        {
            await Steps.VoteAsync(iteration, env, "vote", env.SessionOf(iteration.Arrival), env.PopularCandidate(random).Id, null, voter: null);
        }
        iteration.Complete();
    }
}
