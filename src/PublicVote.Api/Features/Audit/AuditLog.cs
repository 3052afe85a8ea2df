using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace PublicVote.Api.Features.Audit;

/// <summary>Who did it: the signed-in account (or the system), from where, under which trace.</summary>
public sealed record AuditActor(long? AccountId, string UserName, string? ClientIp, string? TraceId)
{
    public static readonly AuditActor System = new(null, "system", null, null);

    public static AuditActor From(HttpContext http) => new(
        long.TryParse(http.User.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
        http.User.Identity?.Name ?? "anonymous",
        http.Connection.RemoteIpAddress?.ToString(),
        Activity.Current?.Id ?? http.TraceIdentifier);
}

/// <param name="Before">The target's state before the write (null for a creation); never secrets or hashes.</param>
/// <param name="After">Its state after the write (null for a deletion).</param>
public sealed record AuditEntry(string Action, string TargetType, string? TargetId, long? CampaignId, object? Before, object? After);

/// <summary>
/// Appends to <c>audit_log</c> inside the caller's transaction, so a write and its audit entry commit (or roll back)
/// together. The table refuses UPDATE and DELETE (migration 0002).
/// </summary>
public sealed class AuditLog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditActor actor, AuditEntry entry) =>
        connection.ExecuteAsync("""
            INSERT INTO audit_log (actor_id, actor_name, action, target_type, target_id, campaign_id, before, after, client_ip, trace_id)
            VALUES (@AccountId, @UserName, @Action, @TargetType, @TargetId, @CampaignId,
                    CAST(@before AS jsonb), CAST(@after AS jsonb), CAST(@ClientIp AS inet), @TraceId)
            """, new
        {
            actor.AccountId,
            actor.UserName,
            entry.Action,
            entry.TargetType,
            entry.TargetId,
            entry.CampaignId,
            before = entry.Before is null ? null : JsonSerializer.Serialize(entry.Before, Json),
            after = entry.After is null ? null : JsonSerializer.Serialize(entry.After, Json),
            actor.ClientIp,
            actor.TraceId,
        }, transaction);
}
