using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.AntiFraud.Signals;

public sealed record VoteTokenResponse(string VoteToken);

/// <summary>
/// <c>GET /api/v1/campaigns/{id}/candidates/{candidateId}/vote-token</c>: the candidate page asks for a token when it
/// is shown and sends it back with the vote as <c>X-Vote-Token</c>, which measures the dwell between the two.
/// </summary>
public static class VoteTokenApi
{
    public static RouteHandlerBuilder MapVoteTokens(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/campaigns/{campaignId:long}/candidates/{candidateId:long}/vote-token", IssueAsync)
            .WithTags("Voting")
            .WithMetadata(VoterRateLimiting.Applies);

    private static async Task<Results<Ok<VoteTokenResponse>, ProblemHttpResult>> IssueAsync(
        long campaignId, long candidateId, HttpContext http, VoterContext voters, VoteTokens tokens, TimeProvider time)
    {
        var (problem, session, rules) = await voters.ResolveAsync(campaignId, http);
        if (problem is not null)
        {
            return problem;
        }
        if (!rules.Candidates.ContainsKey(candidateId))
        {
            return Problems.Of(404, Problems.CandidateNotFound, "No such candidate in this campaign.");
        }
        // A token is personal and single use: no cache may hand it to someone else.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new VoteTokenResponse(tokens.Issue(campaignId, candidateId, session.OpenId, time.GetUtcNow())));
    }
}
