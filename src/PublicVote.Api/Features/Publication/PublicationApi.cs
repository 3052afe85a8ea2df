using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Features.Exports;
using PublicVote.Api.Features.Results;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Publication;

/// <summary>
/// Publishing a result (docs/results.md): 结果公示 (notice) then 命名表彰 (final). Each publication freezes the
/// computed result and its inputs as a new version; the public page shows the newest. Publishing the same stage
/// again, or a final that differs from the notice, is a re-publication and needs a reason. Audited.
/// </summary>
public static class PublicationApi
{
    public static RouteGroupBuilder MapPublication(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup().WithTags("Results");
        admin.MapPost("/campaigns/{campaignId:long}/results/publications", PublishAsync).RequireCampaignRole(Roles.Organizer);
        admin.MapGet("/campaigns/{campaignId:long}/results/publications", ListAsync).RequireCampaignRole(Roles.Organizer);
        admin.MapGet("/campaigns/{campaignId:long}/results/publications/{version:int}", GetAsync).RequireCampaignRole(Roles.Organizer);
        return admin;
    }

    private static Task<Results<Created<PublicationView>, ProblemHttpResult>> PublishAsync(
        long campaignId, PublishRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit, TimeProvider time, PublicResultsCache cache) =>
        AuditedWrite.RunAsync(db, async Task<Results<Created<PublicationView>, ProblemHttpResult>> (connection, transaction) =>
        {
            // One publication at a time per campaign: the version numbers and the stage rules depend on the newest one.
            if (await connection.ExecuteScalarAsync<long?>("SELECT id FROM campaigns WHERE id = @campaignId FOR UPDATE", new { campaignId }, transaction) is null)
            {
                return Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
            }
            var latest = await PublicationRepository.LatestAsync(connection, transaction, campaignId);
            if (StageProblem(request.Stage, latest) is { } stageProblem)
            {
                return stageProblem;
            }
            var inputs = (await ResultInputsLoader.LoadAsync(connection, transaction, campaignId))!;
            var table = ResultCalculator.Compute(inputs);
            if (!table.Complete)
            {
                return Problems.Of(409, Problems.ResultsIncomplete, "Some candidates lack a score: the result cannot be published yet.",
                    string.Join("\n", table.Warnings), new Dictionary<string, object?> { ["warnings"] = table.Warnings });
            }
            var republication = latest is not null
                && (latest.View.Stage == request.Stage || !PublicResultsMapper.SameForThePublic(latest.Result, table));
            if (republication && request.Reason is null)
            {
                return Problems.Of(409, Problems.RepublicationReasonRequired, "This changes a published result: give a reason.",
                    $"Version {latest!.View.Version} ({latest.View.Stage}) is published; this would be version {latest.View.Version + 1}.");
            }
            var actor = AuditActor.From(http);
            var view = new PublicationView(campaignId, (latest?.View.Version ?? 0) + 1, request.Stage, request.Reason, time.GetUtcNow(), actor.UserName, table.InputsSha256);
            await PublicationRepository.InsertAsync(connection, transaction, view, actor.AccountId, inputs, table);
            await audit.RecordAsync(connection, transaction, actor, new AuditEntry(
                republication ? "results.republish" : "results.publish", "result-publication",
                view.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), campaignId, latest?.View, view));
            cache.Forget(campaignId);
            return TypedResults.Created($"{AdminRoutes.Prefix}/campaigns/{campaignId}/results/publications/{view.Version}", view);
        });

    private static ProblemHttpResult? StageProblem(string stage, StoredPublication? latest) => (stage, latest?.View.Stage) switch
    {
        ("notice", "final") => Problems.Of(409, Problems.PublicationStageInvalid, "The final result (命名表彰) is published already.",
            "Re-publish the final stage with a reason instead."),
        ("final", null) => Problems.Of(409, Problems.PublicationStageInvalid, "Publish the notice (结果公示) first.",
            "The result goes through 公示 before 命名表彰."),
        _ => null,
    };

    private static async Task<Ok<IReadOnlyList<PublicationView>>> ListAsync(long campaignId, NpgsqlDataSource db)
    {
        await using var connection = await db.OpenConnectionAsync();
        return TypedResults.Ok(await PublicationRepository.ListAsync(connection, campaignId));
    }

    private static async Task<Results<Ok<StoredPublication>, FileContentHttpResult, ProblemHttpResult>> GetAsync(
        long campaignId, int version, string? format, NpgsqlDataSource db)
    {
        if (ExportFormats.Parse(format, allowJson: true) is not { } parsed)
        {
            return ExportFormats.Invalid(allowJson: true);
        }
        await using var connection = await db.OpenConnectionAsync();
        if (await PublicationRepository.VersionAsync(connection, campaignId, version) is not { } stored)
        {
            return Problems.Of(404, Problems.ResultsNotPublished, "No such publication of this campaign.");
        }
        return parsed == ExportFormat.Json
            ? TypedResults.Ok(stored)
            : ExportFormats.File(ResultExport.Table(stored.Result), parsed, $"results-{campaignId}-v{version}");
    }
}
