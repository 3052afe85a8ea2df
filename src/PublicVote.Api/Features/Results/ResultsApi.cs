using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Exports;
using PublicVote.Api.Features.Publication;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Results;

/// <param name="Computed">The result computed now from PostgreSQL.</param>
/// <param name="Latest">The newest publication, if any.</param>
/// <param name="ChangedSinceLatest">True when the public would see something else if this were published (who, total, rank, award).</param>
public sealed record ResultsView(ResultTable Computed, PublicationView? Latest, bool? ChangedSinceLatest);

/// <summary>The audit export: the inputs exactly as hashed (<see cref="ResultTable.InputsSha256"/>) and the computation.</summary>
public sealed record ResultAudit(string InputsSha256, ResultInputs Inputs, ResultTable Result);

/// <summary><c>GET /api/admin/campaigns/{id}/results</c> (JSON, <c>?format=csv|xlsx</c>) and its audit export.</summary>
public static class ResultsApi
{
    public static RouteGroupBuilder MapResults(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup().WithTags("Results");
        admin.MapGet("/campaigns/{campaignId:long}/results", GetAsync).RequireCampaignRole(Roles.Organizer);
        admin.MapGet("/campaigns/{campaignId:long}/results/audit", AuditAsync).RequireCampaignRole(Roles.Organizer);
        return admin;
    }

    private static async Task<Results<Ok<ResultsView>, FileContentHttpResult, ProblemHttpResult>> GetAsync(
        long campaignId, string? format, ResultInputsLoader loader, NpgsqlDataSource db)
    {
        if (ExportFormats.Parse(format, allowJson: true) is not { } parsed)
        {
            return ExportFormats.Invalid(allowJson: true);
        }
        if (await loader.LoadAsync(campaignId) is not { } inputs)
        {
            return Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
        }
        var computed = ResultCalculator.Compute(inputs);
        if (parsed != ExportFormat.Json)
        {
            return ExportFormats.File(ResultExport.Table(computed), parsed, $"results-{campaignId}");
        }
        await using var connection = await db.OpenConnectionAsync();
        var latest = await PublicationRepository.LatestAsync(connection, null, campaignId);
        return TypedResults.Ok(new ResultsView(computed, latest?.View,
            latest is null ? null : !PublicResultsMapper.SameForThePublic(latest.Result, computed)));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> AuditAsync(long campaignId, ResultInputsLoader loader)
    {
        if (await loader.LoadAsync(campaignId) is not { } inputs)
        {
            return Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
        }
        var result = ResultCalculator.Compute(inputs);
        var json = JsonSerializer.SerializeToUtf8Bytes(new ResultAudit(result.InputsSha256, inputs, result), ResultInputsJson.Options);
        return TypedResults.File(json, "application/json", $"results-audit-{campaignId}.json");
    }
}
