using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Publication;

/// <summary><c>GET /api/v1/campaigns/{id}/results</c>: the published (frozen) result during 结果公示 and 命名表彰.</summary>
public static class PublicResultsApi
{
    public static RouteHandlerBuilder MapPublicResults(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v1/campaigns/{campaignId:long}/results", GetAsync).WithTags("Results");

    private static async Task<Results<Ok<PublicResults>, ProblemHttpResult>> GetAsync(long campaignId, HttpContext http, PublicResultsCache cache)
    {
        var answer = await cache.GetAsync(campaignId);
        switch (answer.Absence)
        {
            case PublicResultsAbsence.NoCampaign:
                return Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
            case PublicResultsAbsence.NotInResultsPhase:
                return Problems.Of(404, Problems.ResultsNotPublished, "Results are shown during 结果公示 and 命名表彰.");
            case PublicResultsAbsence.NotPublished:
                return Problems.Of(404, Problems.ResultsNotPublished, "The result has not been published yet.");
            default:
                http.Response.Headers.CacheControl = "public, max-age=5";
                return TypedResults.Ok(answer.Results!);
        }
    }
}
