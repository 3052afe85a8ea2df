using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Organizers;
using PublicVote.Api.Features.Publication;
using PublicVote.Api.Features.Results;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Exports;

/// <summary>Organizer downloads (docs/results.md): live/flushed totals, the candidate list and the award list, as CSV (UTF-8 BOM) or .xlsx.</summary>
public static class ExportsApi
{
    public static RouteGroupBuilder MapExports(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup().WithTags("Exports");
        admin.MapGet("/campaigns/{campaignId:long}/exports/totals", TotalsAsync).RequireCampaignRole(Roles.Organizer);
        admin.MapGet("/campaigns/{campaignId:long}/exports/candidates", CandidatesAsync).RequireCampaignRole(Roles.Organizer);
        admin.MapGet("/campaigns/{campaignId:long}/exports/awards", AwardsAsync).RequireCampaignRole(Roles.Organizer);
        return admin;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> TotalsAsync(
        long campaignId, string? format, CampaignRulesCache campaigns, TotalsService totals)
    {
        if (ExportFormats.Parse(format, allowJson: false) is not { } parsed)
        {
            return ExportFormats.Invalid(allowJson: false);
        }
        if (await campaigns.GetAsync(campaignId) is not { } campaign)
        {
            return NoCampaign();
        }
        var snapshot = await totals.GetAsync(campaign);
        var categories = campaign.Categories.ToDictionary(c => c.Id, c => c.Name);
        var rows = snapshot.Candidates.Select(t => (IReadOnlyList<object?>)
        [
            t.Number, t.Name, categories.GetValueOrDefault(t.CategoryId), StatusName(t.Status), t.Votes, t.FlushedVotes,
        ]).ToArray();
        var sheet = new ExportSheet("实时票数", ["编号", "名称/姓名", "类别", "状态", "实时票数", "已落库票数"], rows);
        return ExportFormats.File(new ExportTable(sheet), parsed, $"totals-{campaignId}");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> CandidatesAsync(long campaignId, string? format, NpgsqlDataSource db)
    {
        if (ExportFormats.Parse(format, allowJson: false) is not { } parsed)
        {
            return ExportFormats.Invalid(allowJson: false);
        }
        await using var connection = await db.OpenConnectionAsync();
        if (!await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM campaigns WHERE id = @campaignId)", new { campaignId }))
        {
            return NoCampaign();
        }
        var rows = (await connection.QueryAsync<CandidateRow>("""
            SELECT c.number, c.name, k.name AS Category, d.name AS District, c.unit_name AS UnitName, c.post, c.review_status AS ReviewStatus,
                   c.status, c.status_reason AS StatusReason,
                   (SELECT count(*) FROM candidate_photos p WHERE p.candidate_id = c.id) AS Photos,
                   (SELECT count(*) FROM votes v WHERE v.campaign_id = c.campaign_id AND v.candidate_id = c.id AND v.status IN ('counted', 'restored')) AS Votes
              FROM candidates c JOIN categories k ON k.id = c.category_id LEFT JOIN districts d ON d.id = c.district_id
             WHERE c.campaign_id = @campaignId
             ORDER BY k.sort_order, k.id, length(c.number), c.number
            """, new { campaignId })).Select(r => (IReadOnlyList<object?>)
        [
            r.Number, r.Name, r.Category, r.District, r.UnitName, r.Post, ReviewName(r.ReviewStatus), StatusName(r.Status), r.StatusReason, r.Photos, r.Votes,
        ]).ToArray();
        var sheet = new ExportSheet("候选名单", ["编号", "名称/姓名", "类别", "推荐单位", "单位", "岗位", "审核", "状态", "状态原因", "照片数", "有效票数"], rows);
        return ExportFormats.File(new ExportTable(sheet), parsed, $"candidates-{campaignId}");
    }

    /// <summary>The newest publication's winners; <c>?draft=true</c>: the live computation, marked as a draft.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> AwardsAsync(
        long campaignId, string? format, bool? draft, NpgsqlDataSource db, ResultInputsLoader loader)
    {
        var text = format is null or "" or "txt";
        ExportFormat? parsed = text ? ExportFormat.Csv : ExportFormats.Parse(format, allowJson: false);
        if (parsed is null)
        {
            return Problems.Of(400, Problems.InvalidRequest, "Unknown format.", "format is txt (the default), csv or xlsx.");
        }
        ResultTable result;
        string title;
        if (draft == true)
        {
            if (await loader.LoadAsync(campaignId) is not { } inputs)
            {
                return NoCampaign();
            }
            result = ResultCalculator.Compute(inputs);
            title = $"{result.CampaignName}拟表彰名单（草案，未发布）";
        }
        else
        {
            await using var connection = await db.OpenConnectionAsync();
            if (await PublicationRepository.LatestAsync(connection, null, campaignId) is not { } latest)
            {
                return Problems.Of(404, Problems.ResultsNotPublished, "No result of this campaign is published.", "Add ?draft=true for the unpublished list.");
            }
            result = latest.Result;
            title = $"{result.CampaignName}{(latest.View.Stage == "final" ? "表彰名单" : "拟表彰名单")}";
        }
        return text
            ? TypedResults.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(AwardNotice.Text(result, title))).ToArray(),
                "text/plain; charset=utf-8", $"awards-{campaignId}.txt")
            : ExportFormats.File(AwardNotice.Table(result, title), parsed.Value, $"awards-{campaignId}");
    }

    private static string StatusName(string status) => status switch
    {
        "active" => "有效",
        "withdrawn" => "已退出",
        "disqualified" => "取消资格",
        _ => status,
    };

    private static string ReviewName(string status) => status switch
    {
        "submitted" => "待审核",
        "approved" => "已通过",
        "rejected" => "未通过",
        _ => status,
    };

    private static ProblemHttpResult NoCampaign() => Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");

    private sealed record CandidateRow(
        string Number, string Name, string Category, string? District, string? UnitName, string? Post, string ReviewStatus,
        string Status, string? StatusReason, long Photos, long Votes);
}
