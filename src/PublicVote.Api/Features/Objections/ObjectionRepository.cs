using System.Text;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.Phases;

namespace PublicVote.Api.Features.Objections;

public sealed class ObjectionRepository(NpgsqlDataSource dataSource)
{
    /// <summary>The route organizers follow after upholding an objection; the candidates feature owns it.</summary>
    public const string DisqualifyRoute = "/api/admin/campaigns/{0}/candidates/{1}/disqualify";

    private const string Select = """
        SELECT o.id, o.campaign_id AS CampaignId, o.candidate_id AS CandidateId, k.number AS CandidateNumber,
               k.name AS CandidateName, k.status AS CandidateStatus, o.phase, o.text, o.contact_name AS ContactName,
               o.contact_phone AS ContactPhone, o.filed_at AS FiledAt, o.status, o.resolution, a.user_name AS ResolvedBy,
               o.resolved_at AS ResolvedAt
          FROM objections o
          JOIN candidates k ON k.id = o.candidate_id
          LEFT JOIN accounts a ON a.id = o.resolved_by
        """;

    /// <summary>
    /// Files the objection if the candidate is on the public list (approved, not withdrawn or disqualified) right
    /// now: the check and the insert are one statement. Null when it is not.
    /// </summary>
    public async Task<long?> FileAsync(long campaignId, ObjectionDraft draft, string phase, DateTimeOffset now)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long?>("""
            INSERT INTO objections (campaign_id, candidate_id, phase, text, contact_name, contact_phone, filed_at)
            SELECT @campaignId, k.id, @phase, @Text, @ContactName, @ContactPhone, @filedAt
              FROM candidates k
             WHERE k.id = @CandidateId AND k.campaign_id = @campaignId AND k.status = 'active' AND k.review_status = 'approved'
            RETURNING id
            """, new { campaignId, draft.CandidateId, phase, draft.Text, draft.ContactName, draft.ContactPhone, filedAt = now.UtcDateTime });
    }

    public async Task<ObjectionPage> ListAsync(long campaignId, ObjectionFilter filter)
    {
        var where = new StringBuilder("WHERE o.campaign_id = @campaignId");
        if (filter.Status is not null) { where.Append(" AND o.status = @Status"); }
        if (filter.CandidateId is not null) { where.Append(" AND o.candidate_id = @CandidateId"); }
        if (filter.Phase is not null) { where.Append(" AND o.phase = @Phase"); }
        var args = new
        {
            campaignId,
            filter.Status,
            filter.CandidateId,
            filter.Phase,
            limit = filter.PageSize,
            offset = (long)(filter.Page - 1) * filter.PageSize,
        };
        await using var connection = await dataSource.OpenConnectionAsync();
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM objections o {where}", args);
        var rows = await connection.QueryAsync<Row>($"{Select} {where} ORDER BY o.id DESC LIMIT @limit OFFSET @offset", args);
        return new ObjectionPage(rows.Select(r => r.ToView()).ToArray(), total, filter.Page, filter.PageSize);
    }

    public async Task<ObjectionView?> GetAsync(long campaignId, long objectionId, NpgsqlConnection? connection = null, NpgsqlTransaction? transaction = null)
    {
        await using var owned = connection is null ? await dataSource.OpenConnectionAsync() : null;
        var row = await (connection ?? owned!).QuerySingleOrDefaultAsync<Row>(
            $"{Select} WHERE o.id = @objectionId AND o.campaign_id = @campaignId", new { campaignId, objectionId }, transaction);
        return row?.ToView();
    }

    /// <summary>Resolves an open objection; false when it is not open (any more), so two organizers cannot both resolve it.</summary>
    public static async Task<bool> ResolveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, long objectionId,
        string outcome, string resolution, long? accountId, DateTimeOffset now) =>
        await connection.ExecuteAsync("""
            UPDATE objections SET status = @outcome, resolution = @resolution, resolved_by = @accountId, resolved_at = @resolvedAt
             WHERE id = @objectionId AND campaign_id = @campaignId AND status = 'open'
            """, new { campaignId, objectionId, outcome, resolution, accountId, resolvedAt = now.UtcDateTime }, transaction) == 1;

    private sealed record Row(
        long Id, long CampaignId, long CandidateId, string CandidateNumber, string CandidateName, string CandidateStatus,
        string Phase, string Text, string? ContactName, string? ContactPhone, DateTime FiledAt, string Status,
        string? Resolution, string? ResolvedBy, DateTime? ResolvedAt)
    {
        public ObjectionView ToView() => new(
            Id, CampaignId, CandidateId, CandidateNumber, CandidateName, CandidateStatus, Phase, Text, ContactName, ContactPhone,
            PhaseRows.Utc(FiledAt), Status, Resolution, ResolvedBy, ResolvedAt is { } at ? PhaseRows.Utc(at) : null,
            Status == ObjectionStatus.Upheld && CandidateStatus == "active"
                ? new FollowUp("disqualify", "POST", string.Format(System.Globalization.CultureInfo.InvariantCulture, DisqualifyRoute, CampaignId, CandidateId))
                : null);
    }
}
