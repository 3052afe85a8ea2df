using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Organizers;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Candidates.Public;

/// <summary>
/// The H5 pages' candidate list (filter, search, pages) and detail: approved, active candidates only, from the
/// in-memory <see cref="PublicCandidateDirectory"/>, behind the output cache (<see cref="PublicCandidatesCachePolicy"/>).
/// Mapped by <see cref="PublicCampaignApi"/>.
/// </summary>
public static class PublicCandidateApi
{
    private const string ShortCache = "public, max-age=5";

    public static async Task<Results<Ok<CandidatePage>, ProblemHttpResult>> ListAsync(
        long campaignId, long? categoryId, long? districtId, [StringLength(50)] string? q, [Range(1, 10_000)] int? page, [Range(1, 100)] int? pageSize,
        HttpContext http, CampaignRulesCache campaigns, PublicCandidateDirectory directory, TotalsService totals)
    {
        if (await campaigns.GetAsync(campaignId) is not { } c)
        {
            return NoSuchCampaign();
        }
        var snapshot = await directory.GetAsync(campaignId, c.RulesVersion);
        var (pageNo, size, search) = (page ?? 1, pageSize ?? 20, q?.Trim());
        var listed = snapshot.Ordered
            .Where(k => (categoryId is null || k.CategoryId == categoryId) && (districtId is null || k.DistrictId == districtId) && Matches(k, search))
            .ToArray();
        var votes = c.ShowLiveCounts ? await LiveVotesAsync(c, totals) : null;
        var items = listed.Skip((pageNo - 1) * size).Take(size).Select(k => Item(k, votes)).ToArray();
        http.Response.Headers.CacheControl = ShortCache;
        return TypedResults.Ok(new CandidatePage(items, listed.Length, pageNo, size));
    }

    public static async Task<Results<Ok<CandidateDetailView>, ProblemHttpResult>> GetAsync(
        long campaignId, long candidateId, HttpContext http, CampaignRulesCache campaigns, PublicCandidateDirectory directory, TotalsService totals)
    {
        if (await campaigns.GetAsync(campaignId) is not { } c)
        {
            return NoSuchCampaign();
        }
        var snapshot = await directory.GetAsync(campaignId, c.RulesVersion);
        if (!snapshot.ById.TryGetValue(candidateId, out var k))
        {
            return Problems.Of(404, Problems.CandidateNotFound, "No such candidate in this campaign.");
        }
        var votes = c.ShowLiveCounts ? await LiveVotesAsync(c, totals) : null;
        http.Response.Headers.CacheControl = ShortCache;
        return TypedResults.Ok(new CandidateDetailView(k.Id, k.Number, k.Name, k.CategoryId, k.DistrictId, k.UnitName, k.Post, k.ThumbUrl,
            CandidateStatus.Active, votes?.GetValueOrDefault(k.Id), k.Slogan, k.Materials, k.Honours, k.Photos));
    }

    /// <summary>The number from its start (exact or prefix), or any part of the name; ASCII letters in any case.</summary>
    private static bool Matches(PublicCandidate candidate, string? q) =>
        string.IsNullOrEmpty(q)
        || candidate.Number.StartsWith(q, StringComparison.OrdinalIgnoreCase)
        || candidate.Name.Contains(q, StringComparison.OrdinalIgnoreCase);

    private static CandidateView Item(PublicCandidate k, Dictionary<long, long>? votes) =>
        new(k.Id, k.Number, k.Name, k.CategoryId, k.DistrictId, k.UnitName, k.Post, k.ThumbUrl, CandidateStatus.Active, votes?.GetValueOrDefault(k.Id));

    private static async Task<Dictionary<long, long>> LiveVotesAsync(CampaignRules campaign, TotalsService totals) =>
        (await totals.GetAsync(campaign)).Candidates.ToDictionary(t => t.CandidateId, t => t.Votes);

    private static ProblemHttpResult NoSuchCampaign() => Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
}
