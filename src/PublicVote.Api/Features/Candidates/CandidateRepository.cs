using System.Text.Json;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.Media;

namespace PublicVote.Api.Features.Candidates;

/// <summary>Candidate rows for the organizer API; every method runs in the caller's transaction.</summary>
internal static class CandidateRepository
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        id, campaign_id AS CampaignId, number, name, category_id AS CategoryId, district_id AS DistrictId, unit_name AS UnitName,
        post, slogan, materials, honours, fields::text AS Fields, status, status_reason AS StatusReason,
        review_status AS ReviewStatus, review_reason AS ReviewReason, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    /// <summary>The candidate with its photos; <paramref name="forUpdate"/> locks its row until the transaction ends.</summary>
    public static async Task<CandidateAdminView?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        long campaignId, long candidateId, bool forUpdate = false)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM candidates WHERE id = @candidateId AND campaign_id = @campaignId{(forUpdate ? " FOR UPDATE" : "")}",
            new { campaignId, candidateId }, transaction);
        return row?.ToView(await PhotosAsync(connection, transaction, candidateId));
    }

    public static async Task<IReadOnlyList<PhotoView>> PhotosAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long candidateId) =>
        (await connection.QueryAsync<PhotoRow>("""
            SELECT position, sha256, content_type AS ContentType, bytes, width, height, thumb_sha256 AS ThumbSha256
              FROM candidate_photos WHERE candidate_id = @candidateId ORDER BY position
            """, new { candidateId }, transaction)).Select(p => p.ToView()).ToArray();

    public static Task<long> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, CandidateDraft draft) =>
        connection.ExecuteScalarAsync<long>("""
            INSERT INTO candidates (campaign_id, category_id, district_id, number, name, unit_name, post, slogan, materials, honours,
                                    fields, review_status)
            VALUES (@campaignId, @CategoryId, @DistrictId, @Number, @Name, @UnitName, @Post, @Slogan, @Materials, @Honours,
                    CAST(@fields AS jsonb), 'submitted')
            RETURNING id
            """, Args(campaignId, draft), transaction);

    /// <summary>Inserts many in one statement (import); returns the new ids in the drafts' order.</summary>
    public static async Task<long[]> InsertManyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, IReadOnlyList<CandidateDraft> drafts)
    {
        var rows = await connection.QueryAsync<(long Id, string Number)>("""
            INSERT INTO candidates (campaign_id, category_id, district_id, number, name, unit_name, post, slogan, materials, honours,
                                    fields, review_status)
            SELECT @campaignId, c.category_id, c.district_id, c.number, c.name, c.unit_name, c.post, c.slogan, c.materials, c.honours,
                   CAST(c.fields AS jsonb), 'submitted'
              FROM unnest(@categoryIds, @districtIds, @numbers, @names, @unitNames, @posts, @slogans, @materials, @honours, @fields)
                   AS c(category_id, district_id, number, name, unit_name, post, slogan, materials, honours, fields)
            RETURNING id, number
            """, new
        {
            campaignId,
            categoryIds = drafts.Select(d => d.CategoryId).ToArray(),
            districtIds = drafts.Select(d => d.DistrictId).ToArray(),
            numbers = drafts.Select(d => d.Number).ToArray(),
            names = drafts.Select(d => d.Name).ToArray(),
            unitNames = drafts.Select(d => d.UnitName).ToArray(),
            posts = drafts.Select(d => d.Post).ToArray(),
            slogans = drafts.Select(d => d.Slogan).ToArray(),
            materials = drafts.Select(d => d.Materials).ToArray(),
            honours = drafts.Select(d => d.Honours).ToArray(),
            fields = drafts.Select(d => JsonSerializer.Serialize(d.Fields, Json)).ToArray(),
        }, transaction);
        // RETURNING promises no order; numbers are unique within the campaign.
        var byNumber = rows.ToDictionary(r => r.Number, r => r.Id, StringComparer.Ordinal);
        return drafts.Select(d => byNumber[d.Number]).ToArray();
    }

    /// <summary>Replaces the entered details; a rejected nomination that is edited is submitted again.</summary>
    public static Task UpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, long candidateId, CandidateDraft draft) =>
        connection.ExecuteAsync("""
            UPDATE candidates
               SET category_id = @CategoryId, district_id = @DistrictId, number = @Number, name = @Name, unit_name = @UnitName,
                   post = @Post, slogan = @Slogan, materials = @Materials, honours = @Honours, fields = CAST(@fields AS jsonb),
                   review_status = CASE review_status WHEN 'rejected' THEN 'submitted' ELSE review_status END,
                   review_reason = NULL, updated_at = now()
             WHERE id = @candidateId AND campaign_id = @campaignId
            """, Args(campaignId, draft, candidateId), transaction);

    public static Task SetReviewAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long candidateId, string reviewStatus, string? reason) =>
        connection.ExecuteAsync(
            "UPDATE candidates SET review_status = @reviewStatus, review_reason = @reason, updated_at = now() WHERE id = @candidateId",
            new { candidateId, reviewStatus, reason }, transaction);

    public static Task SetStatusAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long candidateId, string status, string? reason) =>
        connection.ExecuteAsync(
            "UPDATE candidates SET status = @status, status_reason = @reason, updated_at = now() WHERE id = @candidateId",
            new { candidateId, status, reason }, transaction);

    public static async Task<HashSet<string>> ExistingNumbersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, string[] numbers) =>
        (await connection.QueryAsync<string>("SELECT number FROM candidates WHERE campaign_id = @campaignId AND number = ANY(@numbers)",
            new { campaignId, numbers }, transaction)).ToHashSet(StringComparer.Ordinal);

    private static object Args(long campaignId, CandidateDraft draft, long candidateId = 0) => new
    {
        campaignId,
        candidateId,
        draft.CategoryId,
        draft.DistrictId,
        draft.Number,
        draft.Name,
        draft.UnitName,
        draft.Post,
        draft.Slogan,
        draft.Materials,
        draft.Honours,
        fields = JsonSerializer.Serialize(draft.Fields, Json),
    };

    private sealed record Row(
        long Id, long CampaignId, string Number, string Name, long CategoryId, long? DistrictId, string? UnitName, string? Post,
        string? Slogan, string? Materials, string? Honours, string Fields, string Status, string? StatusReason, string ReviewStatus,
        string? ReviewReason, DateTime CreatedAt, DateTime UpdatedAt)
    {
        public CandidateAdminView ToView(IReadOnlyList<PhotoView> photos) => new(
            Id, CampaignId, Number, Name, CategoryId, DistrictId, UnitName, Post, Slogan, Materials, Honours,
            JsonSerializer.Deserialize<JsonElement>(Fields), Status, StatusReason, ReviewStatus, ReviewReason, photos,
            new DateTimeOffset(CreatedAt, TimeSpan.Zero), new DateTimeOffset(UpdatedAt, TimeSpan.Zero));
    }

    private sealed record PhotoRow(int Position, string Sha256, string ContentType, int Bytes, int Width, int Height, string ThumbSha256)
    {
        public PhotoView ToView() => new(Position, Sha256, ContentType, Bytes, Width, Height,
            MediaUrls.Of(Sha256, ContentType), MediaUrls.Thumb(ThumbSha256));
    }
}
