using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Features.Candidates.Public;
using PublicVote.Api.Features.Organizers;
using PublicVote.Api.Features.Phases;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Campaigns;

/// <summary>
/// What anyone may read about a campaign: its rules and categories, the candidates, and the live ranking when the
/// organizer shows counts. Served from the in-process rules cache and the 1-second totals cache, never from
/// PostgreSQL per request, because these are the pages a push sends hundreds of thousands of people to.
/// </summary>
public static class PublicCampaignApi
{
    private const string ShortCache = "public, max-age=5";

    public static RouteGroupBuilder MapPublicCampaigns(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/campaigns/{campaignId:long}").WithTags("Campaigns");
        group.MapGet("/", GetCampaignAsync);
        group.MapGet("/candidates", PublicCandidateApi.ListAsync).CacheOutput(PublicCandidatesCachePolicy.Name);
        group.MapGet("/candidates/{candidateId:long}", PublicCandidateApi.GetAsync).CacheOutput(PublicCandidatesCachePolicy.Name);
        group.MapGet("/ranking", GetRankingAsync);
        return group;
    }

    private static async Task<Results<Ok<CampaignView>, ProblemHttpResult>> GetCampaignAsync(
        long campaignId, HttpContext http, CampaignRulesCache campaigns, TimeProvider time)
    {
        if (await campaigns.GetAsync(campaignId) is not { } c)
        {
            return NoSuchCampaign();
        }
        http.Response.Headers.CacheControl = ShortCache;
        var (now, p) = (time.GetUtcNow(), c.Profile);
        return TypedResults.Ok(new CampaignView(c.Id, c.Slug, c.Name, c.VoteStartsAt, c.VoteEndsAt,
            c.WindowAt(now).ToString().ToLowerInvariant(), c.DailyVoteLimit, c.PerCandidateDailyLimit,
            c.ShowLiveCounts, c.Categories.Select(k => new CategoryView(k.Id, k.Code, k.Name, k.Kind)).ToArray(),
            p.Organizer, p.PublicVote, p.PerCategoryDailyLimit, PhaseViews.Current(p.Timeline, now), PhaseViews.Schedule(p.Timeline),
            p.Districts.Select(d => new DistrictView(d.Id, d.Code, d.Name)).ToArray()));
    }

    private static async Task<Results<Ok<CategoryRanking>, ProblemHttpResult>> GetRankingAsync(
        long campaignId, long? categoryId, HttpContext http, CampaignRulesCache campaigns, TotalsService totals)
    {
        if (await campaigns.GetAsync(campaignId) is not { } c)
        {
            return NoSuchCampaign();
        }
        if (!c.ShowLiveCounts)
        {
            return Problems.Of(403, Problems.LiveCountsHidden, "This campaign does not show vote counts during voting.");
        }
        if (categoryId is not { } category || c.Categories.All(k => k.Id != category))
        {
            return Problems.Of(400, Problems.InvalidRequest, "categoryId must be one of the campaign's categories.");
        }
        var snapshot = await totals.GetAsync(c);
        // Competition ranking (1, 2, 2, 4): equal votes share a rank; the number orders them for display only.
        var ordered = snapshot.Candidates
            .Where(t => c.Candidates[t.CandidateId] is { IsVotable: true } k && k.CategoryId == category)
            .OrderByDescending(t => t.Votes).ThenBy(t => t.Number.Length).ThenBy(t => t.Number, StringComparer.Ordinal)
            .ToArray();
        var items = new RankingEntry[ordered.Length];
        for (var i = 0; i < ordered.Length; i++)
        {
            var rank = i > 0 && ordered[i].Votes == ordered[i - 1].Votes ? items[i - 1].Rank : i + 1;
            items[i] = new RankingEntry(ordered[i].CandidateId, ordered[i].Number, ordered[i].Name, ordered[i].Votes, rank);
        }
        http.Response.Headers.CacheControl = "public, max-age=2";
        return TypedResults.Ok(new CategoryRanking(category, snapshot.AsOf, items));
    }

    private static ProblemHttpResult NoSuchCampaign() => Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
}
