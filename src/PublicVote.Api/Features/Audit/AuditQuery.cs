using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace PublicVote.Api.Features.Audit;

public sealed record AuditFilter(long? CampaignId, string? Actor, string? Action, DateTimeOffset? From, DateTimeOffset? To, int Page, int PageSize);

public sealed record AuditItem(
    long Id, DateTimeOffset At, long? ActorId, string ActorName, string Action, string TargetType, string? TargetId,
    long? CampaignId, JsonElement? Before, JsonElement? After, string? ClientIp, string? TraceId);

public sealed record AuditPage(int Page, int PageSize, long Total, IReadOnlyList<AuditItem> Items);

/// <summary>Reads the audit log, newest first, filtered and paged.</summary>
public sealed class AuditQuery(NpgsqlDataSource dataSource)
{
    public async Task<AuditPage> ListAsync(AuditFilter filter)
    {
        var where = new StringBuilder("WHERE true");
        if (filter.CampaignId is not null) { where.Append(" AND campaign_id = @CampaignId"); }
        if (filter.Actor is not null) { where.Append(" AND actor_name = @Actor"); }
        if (filter.Action is not null) { where.Append(" AND action = @Action"); }
        if (filter.From is not null) { where.Append(" AND at >= @From"); }
        if (filter.To is not null) { where.Append(" AND at < @To"); }
        var args = new
        {
            filter.CampaignId,
            filter.Actor,
            filter.Action,
            From = filter.From?.UtcDateTime,
            To = filter.To?.UtcDateTime,
            limit = filter.PageSize,
            offset = (long)(filter.Page - 1) * filter.PageSize,
        };
        await using var connection = await dataSource.OpenConnectionAsync();
        var total = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM audit_log {where}", args);
        var rows = await connection.QueryAsync<Row>($"""
            SELECT id, at, actor_id AS ActorId, actor_name AS ActorName, action, target_type AS TargetType, target_id AS TargetId,
                   campaign_id AS CampaignId, before::text AS Before, after::text AS After, host(client_ip) AS ClientIp, trace_id AS TraceId
              FROM audit_log {where}
             ORDER BY at DESC, id DESC
             LIMIT @limit OFFSET @offset
            """, args);
        return new AuditPage(filter.Page, filter.PageSize, total, rows.Select(r => r.ToItem()).ToList());
    }

    private sealed record Row(
        long Id, DateTime At, long? ActorId, string ActorName, string Action, string TargetType, string? TargetId,
        long? CampaignId, string? Before, string? After, string? ClientIp, string? TraceId)
    {
        public AuditItem ToItem() => new(Id, new DateTimeOffset(At, TimeSpan.Zero), ActorId, ActorName, Action, TargetType, TargetId,
            CampaignId, Parse(Before), Parse(After), ClientIp, TraceId);

        private static JsonElement? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<JsonElement>(json);
    }
}
