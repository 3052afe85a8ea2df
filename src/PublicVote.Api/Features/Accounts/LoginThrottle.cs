using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PublicVote.Api.Features.Accounts;

/// <summary>
/// Failed logins per user name in PostgreSQL (shared by every node): <c>Admin:MaxFailedLogins</c> failures in a row
/// lock the name for <c>Admin:LockoutDuration</c>. Unknown names are counted too, so a lockout reveals nothing.
/// </summary>
public sealed class LoginThrottle(NpgsqlDataSource dataSource, IOptions<AdminOptions> options, TimeProvider time)
{
    public async Task<DateTimeOffset?> LockedUntilAsync(string userName)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var until = await connection.ExecuteScalarAsync<DateTime?>(
            "SELECT locked_until FROM login_throttle WHERE user_key = @key AND locked_until > @now",
            new { key = Key(userName), now = time.GetUtcNow().UtcDateTime });
        return until is { } u ? new DateTimeOffset(u, TimeSpan.Zero) : null;
    }

    /// <summary>Counts a failure; returns the lock's end when this failure locked the name.</summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(string userName)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync();
        // A failure after an expired lock starts a new count.
        var until = await connection.ExecuteScalarAsync<DateTime?>("""
            INSERT INTO login_throttle AS t (user_key, failures, locked_until)
            VALUES (@key, 1, CASE WHEN @max <= 1 THEN @lockedUntil END)
            ON CONFLICT (user_key) DO UPDATE SET
                failures = CASE WHEN t.locked_until <= @now THEN 1 ELSE t.failures + 1 END,
                locked_until = CASE WHEN (CASE WHEN t.locked_until <= @now THEN 1 ELSE t.failures + 1 END) >= @max
                                    THEN @lockedUntil END
            RETURNING locked_until
            """, new
        {
            key = Key(userName),
            max = options.Value.MaxFailedLogins,
            now = now.UtcDateTime,
            lockedUntil = now.Add(options.Value.LockoutDuration).UtcDateTime,
        });
        return until is { } u ? new DateTimeOffset(u, TimeSpan.Zero) : null;
    }

    public async Task ClearAsync(string userName)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await ClearAsync(connection, null, userName);
    }

    public static Task ClearAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string userName) =>
        connection.ExecuteAsync("DELETE FROM login_throttle WHERE user_key = @key", new { key = Key(userName) }, transaction);

    private static string Key(string userName) => userName.Trim().ToLowerInvariant();
}
