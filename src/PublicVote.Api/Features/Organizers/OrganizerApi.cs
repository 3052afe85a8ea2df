using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Organizers;

public static class OrganizerApi
{
    public static RouteGroupBuilder MapOrganizer(this IEndpointRouteBuilder app)
    {
        var group = app.MapAdminGroup().WithTags("Organizer");
        group.MapGet("/campaigns/{campaignId:long}/totals", GetTotalsAsync).RequireCampaignRole(Roles.Organizer, Roles.Reviewer);
        return group;
    }

    private static async Task<Results<Ok<CampaignTotals>, ProblemHttpResult>> GetTotalsAsync(
        long campaignId, CampaignRulesCache campaigns, TotalsService totals)
    {
        var campaign = await campaigns.GetAsync(campaignId);
        if (campaign is null)
        {
            return Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
        }
        return TypedResults.Ok(await totals.GetAsync(campaign));
    }
}
