using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Phases;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Objections;

/// <summary>
/// <c>POST /api/v1/campaigns/{id}/objections</c>: anyone, signed in or not, objects to a candidate on the public list
/// while the campaign is in 初审公示 or 结果公示 and its objection window is open (docs/objections.md).
/// </summary>
public static class ObjectionsApi
{
    public static RouteGroupBuilder MapObjections(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/campaigns/{campaignId:long}/objections").WithTags("Objections");
        group.MapPost("", FileAsync);
        return group;
    }

    private static async Task<Results<Created<ObjectionFiled>, ProblemHttpResult>> FileAsync(
        long campaignId, ObjectionRequest request, HttpContext http, CampaignRulesCache campaigns, ObjectionLimiter limiter,
        ObjectionRepository objections, IOptions<ObjectionOptions> options, TimeProvider time)
    {
        http.Response.Headers.CacheControl = "no-store";
        if (await campaigns.GetAsync(campaignId) is not { } campaign)
        {
            return Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
        }
        // The client's bucket first, before any work: it also limits floods of invalid requests.
        if (!limiter.TryClient(http.Connection.RemoteIpAddress, out var wait))
        {
            return TooMany(http, wait, "client", "Too many objections from this network; try again later.");
        }
        var now = time.GetUtcNow();
        var phase = campaign.Profile.Timeline.CurrentAt(now);
        if (!PhaseTimeline.ObjectionsOpen(phase, now))
        {
            return Problems.Of(403, Problems.ObjectionsClosed, "Objections are not being taken now.",
                "Objections are taken during the public notice of the candidates (初审公示) and of the results (结果公示), until the notice's objection deadline.",
                new Dictionary<string, object?> { ["phase"] = phase is null ? null : PhaseNames.Of(phase.Kind) });
        }
        var (draft, errors) = ObjectionChecks.Check(request, options.Value);
        if (draft is null)
        {
            return Problems.Of(400, Problems.ObjectionInvalid, "The objection cannot be accepted as written.",
                string.Join(" ", errors.Select(e => e.Message)), new Dictionary<string, object?> { ["errors"] = errors });
        }
        if (!campaign.Candidates.TryGetValue(draft.CandidateId, out var candidate) || candidate.Status != "active")
        {
            return NotListed();
        }
        if (!limiter.TryCandidate(draft.CandidateId, out wait))
        {
            return TooMany(http, wait, "candidate", "This candidate has received many objections just now; try again later.");
        }
        var id = await objections.FileAsync(campaignId, draft, PhaseNames.Of(phase!.Kind), now);
        return id is { } objectionId
            ? TypedResults.Created((string?)null, new ObjectionFiled(objectionId))
            : NotListed();
    }

    private static ProblemHttpResult NotListed() =>
        Problems.Of(404, Problems.CandidateNotFound, "No such candidate on this campaign's public list.");

    private static ProblemHttpResult TooMany(HttpContext http, TimeSpan wait, string limit, string title)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Of(429, Problems.RateLimited, title, $"Retry after {seconds} s.",
            new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds, ["limit"] = limit });
    }
}
