using System.Text;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Media;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Candidates;

/// <summary>The organizer's candidate list: every candidate whatever its state, filtered, by number, paged.</summary>
internal static class CandidateListQuery
{
    public const int MaxPageSize = 200;
    private static readonly string[] ReviewStatuses = [ReviewStatus.Submitted, ReviewStatus.Approved, ReviewStatus.Rejected];
    private static readonly string[] Standings = [CandidateStatus.Active, CandidateStatus.Withdrawn, CandidateStatus.Disqualified];

    public static async Task<Results<Ok<CandidateListPage>, ProblemHttpResult>> ListAsync(
        long campaignId, long? categoryId, long? districtId, string? reviewStatus, string? status, string? q, NpgsqlDataSource db,
        int page = 1, int pageSize = 50)
    {
        var errors = new List<FieldError>();
        if (page < 1)
        {
            errors.Add(new("page", "must be ≥ 1"));
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add(new("pageSize", $"must be 1-{MaxPageSize}"));
        }
        if (reviewStatus is not null && !ReviewStatuses.Contains(reviewStatus))
        {
            errors.Add(new("reviewStatus", $"must be one of {string.Join(", ", ReviewStatuses)}"));
        }
        if (status is not null && !Standings.Contains(status))
        {
            errors.Add(new("status", $"must be one of {string.Join(", ", Standings)}"));
        }
        if (errors.Count > 0)
        {
            return Problems.Of(400, Problems.ValidationFailed, "The list's filters are not valid.", null,
                new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { field = e.Field, message = e.Message }).ToArray() });
        }
        var filter = new CandidateFilter(categoryId, districtId, reviewStatus, status, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), page, pageSize);
        await using var connection = await db.OpenConnectionAsync();
        if (!await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM campaigns WHERE id = @campaignId)", new { campaignId }))
        {
            return CandidateProblems.CampaignNotFound();
        }
        return TypedResults.Ok(await QueryAsync(connection, campaignId, filter));
    }

    private static async Task<CandidateListPage> QueryAsync(NpgsqlConnection connection, long campaignId, CandidateFilter filter)
    {
        var where = new StringBuilder("WHERE c.campaign_id = @campaignId");
        if (filter.CategoryId is not null) { where.Append(" AND c.category_id = @CategoryId"); }
        if (filter.DistrictId is not null) { where.Append(" AND c.district_id = @DistrictId"); }
        if (filter.ReviewStatus is not null) { where.Append(" AND c.review_status = @ReviewStatus"); }
        if (filter.Standing is not null) { where.Append(" AND c.status = @Standing"); }
        if (filter.Q is not null) { where.Append(" AND (c.number LIKE @prefix ESCAPE '\\' OR c.name LIKE @contains ESCAPE '\\')"); }
        var like = filter.Q?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        var args = new
        {
            campaignId,
            filter.CategoryId,
            filter.DistrictId,
            filter.ReviewStatus,
            filter.Standing,
            prefix = like + "%",
            contains = "%" + like + "%",
            limit = filter.PageSize,
            offset = (long)(filter.Page - 1) * filter.PageSize,
        };
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM candidates c {where}", args);
        var rows = await connection.QueryAsync<Row>($"""
            SELECT c.id, c.number, c.name, c.category_id AS CategoryId, c.district_id AS DistrictId, c.unit_name AS UnitName, c.post,
                   c.status, c.status_reason AS StatusReason, c.review_status AS ReviewStatus, c.review_reason AS ReviewReason,
                   (SELECT count(*)::int FROM candidate_photos p WHERE p.candidate_id = c.id) AS Photos, c.updated_at AS UpdatedAt,
                   (SELECT p.thumb_sha256 FROM candidate_photos p WHERE p.candidate_id = c.id ORDER BY p.position LIMIT 1) AS ThumbSha256
              FROM candidates c {where}
             ORDER BY length(c.number), c.number
             LIMIT @limit OFFSET @offset
            """, args);
        return new CandidateListPage(rows.Select(r => r.ToItem()).ToArray(), total, filter.Page, filter.PageSize);
    }

    private sealed record Row(
        long Id, string Number, string Name, long CategoryId, long? DistrictId, string? UnitName, string? Post, string Status,
        string? StatusReason, string ReviewStatus, string? ReviewReason, int Photos, DateTime UpdatedAt, string? ThumbSha256)
    {
        public CandidateListItem ToItem() => new(Id, Number, Name, CategoryId, DistrictId, UnitName, Post, Status, StatusReason,
            ReviewStatus, ReviewReason, Photos, new DateTimeOffset(UpdatedAt, TimeSpan.Zero),
            ThumbSha256 is null ? null : MediaUrls.Thumb(ThumbSha256));
    }
}
