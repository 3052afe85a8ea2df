using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Accounts;

internal static class AdminGuards
{
    /// <summary>
    /// Refuses a change that would leave no active admin (nobody could manage accounts any more). Serialised by an
    /// advisory lock so two concurrent changes cannot each remove "the other" last admin.
    /// </summary>
    public static async Task<ProblemHttpResult?> KeepsAnAdminAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long losingAccountId)
    {
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('publicvote.admins'))", transaction: transaction);
        var others = await connection.ExecuteScalarAsync<long>("""
            SELECT count(*) FROM account_grants g JOIN accounts a ON a.id = g.account_id
             WHERE g.role = 'admin' AND a.status = 'active' AND a.id <> @losingAccountId
            """, new { losingAccountId }, transaction);
        var isAdmin = await connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM account_grants WHERE account_id = @losingAccountId AND role = 'admin')", new { losingAccountId }, transaction);
        return isAdmin && others == 0
            ? Problems.Of(409, Problems.LastAdmin, "This is the last active admin.", "Grant admin to another active account first.")
            : null;
    }

    public static ProblemHttpResult AccountNotFound() => Problems.Of(404, Problems.AccountNotFound, "No such account.");
}
