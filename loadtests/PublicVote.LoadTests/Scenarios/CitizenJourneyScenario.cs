using System.Globalization;
using PublicVote.LoadTests.Metrics;

namespace PublicVote.LoadTests.Scenarios;

/// <summary>
/// One citizen per arrival, as from the WeChat H5 page: open the campaign, list a category, open a candidate,
/// vote 1-3 times for Zipf-popular candidates (some retried with the same Idempotency-Key, some duplicated, a
/// share of citizens trying one vote past the daily limit), then check <c>/me</c> agrees.
/// </summary>
internal sealed class CitizenJourneyScenario : IScenario
{
    public string Name => "citizen-journey";

    public IReadOnlyList<string> StepNames { get; } =
        ["campaign", "candidates", "candidate", "vote", "vote-retry", "vote-duplicate", "vote-over-limit", "me"];

    public async Task RunAsync(Iteration iteration, ScenarioEnvironment env)
    {
        var random = iteration.Random;
        var campaign = env.Campaign;
        var settings = env.Settings;
        var token = env.SessionOf(iteration.Arrival);
        var voter = new VoterModel(campaign.DailyVoteLimit, campaign.PerCandidateDailyLimit);

        await Steps.GetAsync(iteration, env, "campaign", "");
        var seen = env.PopularCandidate(random);
        await Steps.GetAsync(iteration, env, "candidates", Invariant($"/candidates?categoryId={seen.CategoryId}&page=1&pageSize=20"));
        await Steps.GetAsync(iteration, env, "candidate", Invariant($"/candidates/{seen.Id}"));

        var overLimit = random.NextDouble() < settings.LimitShare;
        var votes = overLimit ? campaign.DailyVoteLimit + 1 : random.Next(1, Math.Min(3, campaign.DailyVoteLimit) + 1);
        var chosen = PickDistinct(env, random, seen.Id, votes);
        for (var i = 0; i < chosen.Count; i++)
        {
            var key = Invariant($"j{iteration.Arrival.Index}-{i}");
            var step = voter.Predict(chosen[i]) == VotePrediction.DailyLimitReached ? "vote-over-limit" : "vote";
            var reply = await Steps.VoteAsync(iteration, env, step, token, chosen[i], key, voter);
            if (reply is null)
            {
                continue;
            }
            if (random.NextDouble() < settings.RetryShare)
            {
                await Steps.VoteAsync(iteration, env, "vote-retry", token, chosen[i], key, voter, replayOf: reply);
            }
            if (random.NextDouble() < settings.DuplicateShare)
            {
                await Steps.VoteAsync(iteration, env, "vote-duplicate", token, chosen[i], key + "-dup", voter);
            }
        }

        var start = iteration.StartStep();
        var me = await env.Api.GetAsync("/me", token);
        var result = me.Expect(200);
        if (result.Outcome == Outcome.Ok && ApiClient.ReadLong(me, "usedToday") is var used && used != voter.Used)
        {
            result = new StepResult(Outcome.Error, 200, null, "/me usedToday disagrees with the votes accepted");
        }
        iteration.EndStep("me", start, result);
        iteration.Complete();
    }

    /// <summary><paramref name="count"/> distinct candidates, the first one the citizen looked at, the rest by popularity.</summary>
    private static List<long> PickDistinct(ScenarioEnvironment env, Random random, long first, int count)
    {
        var chosen = new List<long>(count) { first };
        var candidates = env.Campaign.Candidates;
        for (var attempt = 0; chosen.Count < count && attempt < 100; attempt++)
        {
            var id = env.PopularCandidate(random).Id;
            if (!chosen.Contains(id))
            {
                chosen.Add(id);
            }
        }
        // A steep Zipf rarely reaches the tail: fill up in order.
        for (var i = 0; chosen.Count < count && i < candidates.Count; i++)
        {
            if (!chosen.Contains(candidates[i].Id))
            {
                chosen.Add(candidates[i].Id);
            }
        }
        return chosen;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
