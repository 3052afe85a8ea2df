using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.AntiFraud.Cases;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.AntiFraud.Review;

/// <summary>
/// The reviewer API under <c>/api/admin/campaigns/{campaignId}/fraud/cases</c>: reviewers of the campaign read and act,
/// its organizers read, an admin may do everything and alone may reopen a closed case (docs/antifraud.md).
/// </summary>
public static class ReviewApi
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapFraudReview(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup().WithTags("Anti-fraud review");
        var cases = admin.MapGroup("/campaigns/{campaignId:long}/fraud/cases");
        cases.MapGet("", ListAsync).RequireCampaignRole(Roles.Reviewer, Roles.Organizer);
        cases.MapGet("/{caseId:long}", GetAsync).RequireCampaignRole(Roles.Reviewer, Roles.Organizer);
        cases.MapGet("/{caseId:long}/votes", VotesAsync).RequireCampaignRole(Roles.Reviewer, Roles.Organizer);
        cases.MapPost("/{caseId:long}/dismiss", (long campaignId, long caseId, ReasonRequest request, HttpContext http, CaseActions actions) =>
            actions.DismissAsync(campaignId, caseId, request.Reason, AuditActor.From(http))).RequireCampaignRole(Roles.Reviewer);
        cases.MapPost("/{caseId:long}/void", (long campaignId, long caseId, VoteActionRequest request, HttpContext http, CaseActions actions) =>
            actions.VoidAsync(campaignId, caseId, request, AuditActor.From(http))).RequireCampaignRole(Roles.Reviewer);
        cases.MapPost("/{caseId:long}/restore", (long campaignId, long caseId, VoteActionRequest request, HttpContext http, CaseActions actions) =>
            actions.RestoreAsync(campaignId, caseId, request, AuditActor.From(http))).RequireCampaignRole(Roles.Reviewer);
        cases.MapPost("/{caseId:long}/escalate", (long campaignId, long caseId, ReasonRequest request, HttpContext http, CaseActions actions) =>
            actions.EscalateAsync(campaignId, caseId, request.Reason, AuditActor.From(http))).RequireCampaignRole(Roles.Reviewer);
        cases.MapPost("/{caseId:long}/reopen", (long campaignId, long caseId, ReasonRequest request, HttpContext http, CaseActions actions) =>
            actions.ReopenAsync(campaignId, caseId, request.Reason, AuditActor.From(http))).RequireRole(Roles.Admin);
        return admin;
    }

    private static async Task<Results<Ok<CasePage>, ProblemHttpResult>> ListAsync(
        long campaignId, CaseQueries queries, string? status = CaseStatus.Open, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return Problems.Of(400, Problems.ValidationFailed, "Paging out of range.", $"page ≥ 1, pageSize 1-{MaxPageSize}.");
        }
        if (status is not null and not "all" && !CaseStatus.All.Contains(status))
        {
            return Problems.Of(400, Problems.ValidationFailed, "Unknown case status.", "status is open (default), dismissed, actioned or all.");
        }
        return TypedResults.Ok(await queries.ListAsync(campaignId, status is "all" ? null : status, page, pageSize));
    }

    private static async Task<Results<Ok<CaseDetail>, ProblemHttpResult>> GetAsync(long campaignId, long caseId, CaseQueries queries) =>
        await queries.DetailAsync(campaignId, caseId) is { } detail
            ? TypedResults.Ok(detail)
            : Problems.Of(404, Problems.FraudCaseNotFound, "No such case in this campaign.");

    private static async Task<Results<Ok<CaseVotePage>, ProblemHttpResult>> VotesAsync(
        long campaignId, long caseId, CaseQueries queries, int page = 1, int pageSize = 100)
    {
        if (page < 1 || pageSize is < 1 or > 1000)
        {
            return Problems.Of(400, Problems.ValidationFailed, "Paging out of range.", "page ≥ 1, pageSize 1-1000.");
        }
        return await queries.ExistsAsync(campaignId, caseId)
            ? TypedResults.Ok(await queries.VotesAsync(campaignId, caseId, page, pageSize))
            : Problems.Of(404, Problems.FraudCaseNotFound, "No such case in this campaign.");
    }
}
