using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Features.Phases;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Objections;

/// <summary>
/// Organizers list, read and resolve a campaign's objections (upheld / dismissed, with a written resolution;
/// audited). The answers carry the objectors' contact data, so they are never cached.
/// </summary>
public static class ObjectionAdminApi
{
    public const int MaxPageSize = 200;
    private const int MaxResolutionChars = 2000;

    public static RouteGroupBuilder MapObjectionAdmin(this IEndpointRouteBuilder app)
    {
        var objections = app.MapAdminGroup().WithTags("Objections")
            .MapGroup("/campaigns/{campaignId:long}/objections").RequireCampaignRole(Roles.Organizer)
            .AddEndpointFilter(async (context, next) =>
            {
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                return await next(context);
            });
        objections.MapGet("", ListAsync);
        objections.MapGet("/{objectionId:long}", GetAsync);
        objections.MapPost("/{objectionId:long}/resolution", ResolveAsync);
        return objections;
    }

    private static async Task<Results<Ok<ObjectionPage>, ProblemHttpResult>> ListAsync(
        long campaignId, string? status, long? candidateId, string? phase, ObjectionRepository objections, int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return Problems.Of(400, Problems.ValidationFailed, "Paging out of range.", $"page ≥ 1, pageSize 1-{MaxPageSize}.");
        }
        if (status is not null && !ObjectionStatus.All.Contains(status))
        {
            return Problems.Of(400, Problems.ValidationFailed, "Unknown status.", $"status is one of {string.Join(", ", ObjectionStatus.All)}.");
        }
        if (phase is not null && !(PhaseNames.TryParse(phase, out var kind) && PhaseEntry.IsObjectionPhase(kind)))
        {
            return Problems.Of(400, Problems.ValidationFailed, "Unknown phase.", "phase is review or resultsNotice.");
        }
        return TypedResults.Ok(await objections.ListAsync(campaignId, new ObjectionFilter(status, candidateId, phase, page, pageSize)));
    }

    private static async Task<Results<Ok<ObjectionView>, ProblemHttpResult>> GetAsync(
        long campaignId, long objectionId, ObjectionRepository objections) =>
        await objections.GetAsync(campaignId, objectionId) is { } objection ? TypedResults.Ok(objection) : NoSuchObjection();

    private static async Task<Results<Ok<ObjectionView>, ProblemHttpResult>> ResolveAsync(
        long campaignId, long objectionId, ResolutionRequest request, HttpContext http, NpgsqlDataSource db,
        ObjectionRepository objections, AuditLog audit, TimeProvider time)
    {
        if (request.Outcome is not (ObjectionStatus.Upheld or ObjectionStatus.Dismissed))
        {
            return Problems.Of(400, Problems.ValidationFailed, "Unknown outcome.", "outcome is upheld or dismissed.");
        }
        var resolution = PlainText.Normalize(request.Resolution ?? "");
        if (resolution.Length == 0 || PlainText.Length(resolution) > MaxResolutionChars || !PlainText.IsClean(resolution, multiLine: true))
        {
            return Problems.Of(400, Problems.ValidationFailed, "A written resolution is required.",
                $"resolution: 1-{MaxResolutionChars} characters of text, no control characters.");
        }
        var actor = AuditActor.From(http);
        return await AuditedWrite.RunAsync(db, async Task<Results<Ok<ObjectionView>, ProblemHttpResult>> (connection, transaction) =>
        {
            var now = time.GetUtcNow();
            if (!await ObjectionRepository.ResolveAsync(connection, transaction, campaignId, objectionId, request.Outcome, resolution, actor.AccountId, now))
            {
                return await objections.GetAsync(campaignId, objectionId, connection, transaction) is { } resolved
                    ? Problems.Of(409, Problems.ObjectionAlreadyResolved, "This objection is resolved already.",
                        $"It was {resolved.Status} by {resolved.ResolvedBy ?? "an organizer"}.", new Dictionary<string, object?> { ["objectionStatus"] = resolved.Status })
                    : NoSuchObjection();
            }
            var objection = (await objections.GetAsync(campaignId, objectionId, connection, transaction))!;
            // Neither the objection's text nor the objector's contact data go to the audit log.
            await audit.RecordAsync(connection, transaction, actor, new AuditEntry(
                "objection.resolve", "objection", objectionId.ToString(CultureInfo.InvariantCulture), campaignId,
                new { status = ObjectionStatus.Open },
                new { status = objection.Status, objection.Resolution, objection.CandidateId, objection.Phase }));
            return TypedResults.Ok(objection);
        });
    }

    private static ProblemHttpResult NoSuchObjection() => Problems.Of(404, Problems.ObjectionNotFound, "No such objection in this campaign.");
}
