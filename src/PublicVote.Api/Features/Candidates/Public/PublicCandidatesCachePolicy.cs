using System.Globalization;
using Microsoft.AspNetCore.OutputCaching;
using PublicVote.Api.Features.Campaigns;

namespace PublicVote.Api.Features.Candidates.Public;

/// <summary>
/// Output caching of the public candidate list and detail, 5 s like their Cache-Control. The answer is the same for
/// every caller (it never depends on the voter session), so unlike the default policy this one also caches requests
/// that carry a cookie or an Authorization header. Entries are tagged per campaign and evicted when an organizer
/// changes a candidate (<see cref="CandidateChanges"/>), and keyed by the campaign's <c>rules_version</c> so another
/// node's change shows here as soon as the rules cache sees it (about a second).
/// </summary>
public sealed class PublicCandidatesCachePolicy : IOutputCachePolicy
{
    public const string Name = "public-candidates";
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(5);

    public static string Tag(long campaignId) => string.Create(CultureInfo.InvariantCulture, $"candidates:{campaignId}");

    async ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        if (!HttpMethods.IsGet(http.Request.Method)
            || !long.TryParse(http.GetRouteValue("campaignId")?.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var campaignId))
        {
            return;
        }
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = true;
        context.AllowCacheStorage = true;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Expiry;
        context.Tags.Add(Tag(campaignId));
        context.CacheVaryByRules.QueryKeys = new(["categoryId", "districtId", "q", "page", "pageSize"]);
        var rules = await http.RequestServices.GetRequiredService<CampaignRulesCache>().GetAsync(campaignId);
        context.CacheVaryByRules.VaryByValues["rulesVersion"] = rules?.RulesVersion.ToString(CultureInfo.InvariantCulture) ?? "none";
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Errors (an unknown campaign, a bad page) and anything setting a cookie are not stored.
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}
