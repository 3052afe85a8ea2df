using System.Globalization;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Accounts;

/// <summary>Grant and revoke roles (admin only): admin globally, organizer / judge / reviewer per campaign. Audited.</summary>
public static class GrantsApi
{
    public static RouteGroupBuilder MapGrantAdmin(this RouteGroupBuilder admin)
    {
        var grants = admin.MapGroup("/accounts/{accountId:long}/grants").RequireRole(Roles.Admin);
        grants.MapPost("", GrantAsync);
        grants.MapDelete("/{grantId:long}", RevokeAsync);
        return admin;
    }

    private static Task<Results<Created<GrantView>, ProblemHttpResult>> GrantAsync(
        long accountId, GrantRequest request, HttpContext http, NpgsqlDataSource db, AuditLog audit)
    {
        if (Invalid(request) is { } invalid)
        {
            return Task.FromResult<Results<Created<GrantView>, ProblemHttpResult>>(Problems.Of(400, Problems.ValidationFailed, "The grant is not valid.", invalid));
        }
        return AuditedWrite.RunAsync(db, async Task<Results<Created<GrantView>, ProblemHttpResult>> (connection, transaction) =>
        {
            if (await AccountRepository.GetAsync(connection, transaction, accountId, forUpdate: true) is not { } account)
            {
                return AdminGuards.AccountNotFound();
            }
            if (request.CampaignId is { } campaignId
                && !await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM campaigns WHERE id = @campaignId)", new { campaignId }, transaction))
            {
                return Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
            }
            var id = await connection.ExecuteScalarAsync<long?>("""
                INSERT INTO account_grants (account_id, role, campaign_id, category_codes)
                VALUES (@accountId, @Role, @CampaignId, @categories)
                ON CONFLICT DO NOTHING RETURNING id
                """, new { accountId, request.Role, request.CampaignId, categories = request.Categories?.ToArray() }, transaction);
            if (id is null)
            {
                return Problems.Of(409, Problems.GrantExists, "The account already has this role here.");
            }
            var grant = new GrantView(id.Value, request.Role, request.CampaignId, request.Categories);
            await audit.RecordAsync(connection, transaction, AuditActor.From(http),
                Entry("grant.create", grant, null, new { accountId, account.UserName, grant }));
            return TypedResults.Created($"{AdminRoutes.Prefix}/accounts/{accountId}/grants/{id}", grant);
        });
    }

    private static Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        long accountId, long grantId, HttpContext http, NpgsqlDataSource db, AuditLog audit) =>
        AuditedWrite.RunAsync(db, async Task<Results<NoContent, ProblemHttpResult>> (connection, transaction) =>
        {
            var grant = (await AccountRepository.GrantsAsync(connection, transaction, [accountId])).FirstOrDefault(g => g.Id == grantId);
            if (grant is null)
            {
                return Problems.Of(404, Problems.GrantNotFound, "This account has no such grant.");
            }
            if (grant.Role == Roles.Admin && await AdminGuards.KeepsAnAdminAsync(connection, transaction, accountId) is { } lastAdmin)
            {
                return lastAdmin;
            }
            await connection.ExecuteAsync("DELETE FROM account_grants WHERE id = @grantId", new { grantId }, transaction);
            await audit.RecordAsync(connection, transaction, AuditActor.From(http),
                Entry("grant.revoke", grant.ToView(), new { accountId, grant = grant.ToView() }, null));
            return TypedResults.NoContent();
        });

    private static string? Invalid(GrantRequest request)
    {
        if (!Roles.All.Contains(request.Role))
        {
            return $"role is one of {string.Join(", ", Roles.All)}.";
        }
        if (request.Role == Roles.Admin)
        {
            return request.CampaignId is null && request.Categories is null ? null : "admin is global: no campaignId, no categories.";
        }
        if (request.CampaignId is null or <= 0)
        {
            return $"{request.Role} is granted per campaign: campaignId is required.";
        }
        if (request.Categories is null)
        {
            return null;
        }
        if (request.Role != Roles.Judge)
        {
            return "Only a judge grant names categories.";
        }
        var valid = request.Categories.Count is >= 1 and <= 50 && request.Categories.Distinct().Count() == request.Categories.Count
            && request.Categories.All(c => c.Length is >= 1 and <= 32 && c.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-'));
        return valid ? null : "categories: 1-50 distinct category codes (a-z, 0-9, '-', up to 32 characters).";
    }

    private static AuditEntry Entry(string action, GrantView grant, object? before, object? after) =>
        new(action, "grant", grant.Id.ToString(CultureInfo.InvariantCulture), grant.CampaignId, before, after);
}
