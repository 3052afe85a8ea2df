using PublicVote.LoadTests.Metrics;

namespace PublicVote.LoadTests.Scenarios;

/// <summary>The requests scenarios are made of, each timed and judged as one step.</summary>
internal static class Steps
{
    private const string AlreadyVoted = "urn:publicvote:problem:already-voted-for-candidate";
    private const string DailyLimit = "urn:publicvote:problem:daily-limit-reached";

    public static async Task<ApiResponse> GetAsync(Iteration iteration, ScenarioEnvironment env, string step, string relative, string? token = null)
    {
        var start = iteration.StartStep();
        var response = await env.Api.GetAsync(relative, token);
        iteration.EndStep(step, start, response.Expect(200));
        return response;
    }

    /// <summary>
    /// Casts a vote and judges the answer against <paramref name="voter"/>'s prediction (or, for a retry, against
    /// the first receipt). Every 200 is recorded for the correctness check, even one that should have been a refusal.
    /// Returns the receipt of an accepted (or correctly replayed) vote.
    /// </summary>
    public static async Task<VoteReply?> VoteAsync(
        Iteration iteration, ScenarioEnvironment env, string step, string token, long candidateId, string? idempotencyKey,
        VoterModel? voter, VoteReply? replayOf = null)
    {
        var prediction = replayOf is null && voter is not null ? voter.Predict(candidateId) : VotePrediction.Accepted;
        var start = iteration.StartStep();
        var response = await env.Api.VoteAsync(token, candidateId, idempotencyKey);
        VoteReply? reply = null;
        StepResult result;
        if (response.Status == 200)
        {
            reply = ApiClient.ReadVote(response);
            result = Judge200(env, reply, candidateId, prediction, replayOf);
            if (reply is not null && !reply.Replayed)
            {
                voter?.Accepted(candidateId);
            }
        }
        else
        {
            if (response.Failure is not null)
            {
                env.Accepted.RecordUnanswered();
            }
            result = prediction switch
            {
                VotePrediction.AlreadyVoted => response.Expect(409, AlreadyVoted, Outcome.Expected),
                VotePrediction.DailyLimitReached => response.Expect(409, DailyLimit, Outcome.Expected),
                _ => response.Expect(200),
            };
        }
        iteration.EndStep(step, start, result);
        return result.Outcome == Outcome.Ok ? reply : null;
    }

    private static StepResult Judge200(ScenarioEnvironment env, VoteReply? reply, long candidateId, VotePrediction prediction, VoteReply? replayOf)
    {
        if (reply is null)
        {
            return new StepResult(Outcome.Error, 200, null, "200 without a readable receipt");
        }
        if (!env.Accepted.Record(reply.Receipt, reply.CandidateId))
        {
            return new StepResult(Outcome.Error, 200, null, "receipt conflict");
        }
        string? error = null;
        if (reply.CandidateId != candidateId)
        {
            error = "receipt for another candidate";
        }
        else if (replayOf is not null && (reply.Receipt != replayOf.Receipt || !reply.Replayed))
        {
            error = "retry with the same Idempotency-Key did not replay the first receipt";
        }
        else if (replayOf is null && reply.Replayed)
        {
            error = "fresh vote answered as a replay";
        }
        else if (prediction != VotePrediction.Accepted)
        {
            error = $"200 where {prediction} was due (a vote over the limits was counted)";
        }
        return new StepResult(error is null ? Outcome.Ok : Outcome.Error, 200, null, error);
    }
}
