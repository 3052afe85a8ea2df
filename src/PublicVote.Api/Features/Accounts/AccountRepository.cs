using Dapper;
using Npgsql;

namespace PublicVote.Api.Features.Accounts;

public sealed record AccountRow(long Id, string UserName, string DisplayName, string PasswordHash, Guid SecurityStamp, string Status, DateTime CreatedAt);

/// <summary>Property-style (not positional) because Dapper hands a text[] column over as an Array, which no constructor matches.</summary>
public sealed record GrantRow
{
    public long Id { get; init; }

    public long AccountId { get; init; }

    public string Role { get; init; } = "";

    public long? CampaignId { get; init; }

    public string[]? CategoryCodes { get; init; }

    public GrantView ToView() => new(Id, Role, CampaignId, CategoryCodes);
}

/// <summary>Account and grant rows. Writes take the caller's connection and transaction so the audit entry commits with them.</summary>
public sealed class AccountRepository(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, user_name AS UserName, display_name AS DisplayName, password_hash AS PasswordHash,
        security_stamp AS SecurityStamp, status, created_at AS CreatedAt
        """;

    public NpgsqlDataSource DataSource => dataSource;

    public async Task<AccountRow?> FindByUserNameAsync(string userName)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<AccountRow>(
            $"SELECT {Columns} FROM accounts WHERE lower(user_name) = lower(@userName)", new { userName });
    }

    public async Task<(AccountRow Account, IReadOnlyList<GrantRow> Grants)?> LoadAsync(long accountId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await GetAsync(connection, null, accountId);
        return row is null ? null : (row, await GrantsAsync(connection, null, [accountId]));
    }

    public static Task<AccountRow?> GetAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long accountId, bool forUpdate = false) =>
        connection.QuerySingleOrDefaultAsync<AccountRow>(
            $"SELECT {Columns} FROM accounts WHERE id = @accountId {(forUpdate ? "FOR UPDATE" : "")}", new { accountId }, transaction);

    public static async Task<IReadOnlyList<GrantRow>> GrantsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long[] accountIds) =>
        (await connection.QueryAsync<GrantRow>("""
            SELECT id, account_id AS AccountId, role, campaign_id AS CampaignId, category_codes AS CategoryCodes
              FROM account_grants WHERE account_id = ANY(@accountIds) ORDER BY id
            """, new { accountIds }, transaction)).AsList();

    public static async Task<AccountView?> ViewAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long accountId)
    {
        var row = await GetAsync(connection, transaction, accountId);
        return row is null ? null : ToView(row, await GrantsAsync(connection, transaction, [accountId]));
    }

    public async Task<IReadOnlyList<AccountView>> ListAsync()
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<AccountRow>($"SELECT {Columns} FROM accounts ORDER BY id")).AsList();
        var grants = (await GrantsAsync(connection, null, rows.Select(r => r.Id).ToArray())).ToLookup(g => g.AccountId);
        return rows.Select(r => ToView(r, grants[r.Id].ToList())).ToList();
    }

    public async Task UpdateHashAsync(long accountId, string passwordHash)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE accounts SET password_hash = @passwordHash WHERE id = @accountId", new { accountId, passwordHash });
    }

    public static AccountView ToView(AccountRow row, IReadOnlyList<GrantRow> grants) =>
        new(row.Id, row.UserName, row.DisplayName, row.Status, new DateTimeOffset(row.CreatedAt, TimeSpan.Zero),
            grants.Select(g => g.ToView()).ToList());
}
