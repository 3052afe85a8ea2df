using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Audit;

/// <summary><c>GET /api/admin/audit</c>: the audit log, newest first. Admins see all; organizers one campaign of theirs (<c>?campaignId=</c>).</summary>
public static class AuditApi
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder admin)
    {
        admin.MapGet("/audit", ListAsync).RequireCampaignRole(Roles.Organizer);
        return admin;
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(
        AuditQuery audit, long? campaignId, string? actor, string? action, DateTimeOffset? from, DateTimeOffset? to,
        int page = 1, int pageSize = 50)
    {
        if (page < 1 || pageSize is < 1 or > MaxPageSize)
        {
            return Problems.Of(400, Problems.ValidationFailed, "Paging out of range.", $"page ≥ 1, pageSize 1-{MaxPageSize}.");
        }
        if (from is not null && to is not null && from >= to)
        {
            return Problems.Of(400, Problems.ValidationFailed, "The time range is empty.", "from must be before to.");
        }
        return TypedResults.Ok(await audit.ListAsync(new AuditFilter(campaignId, Empty(actor), Empty(action), from, to, page, pageSize)));
    }

    private static string? Empty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
