using Dapper;
using Npgsql;

namespace PublicVote.Api.Storage.Sql;

/// <summary>
/// Applies the numbered embedded <c>Migrations/NNNN_name.sql</c> files that are not yet recorded in
/// <c>schema_migrations</c>, all in one transaction under an advisory lock so that nodes starting together
/// do not race. Re-running is a no-op.
/// </summary>
public sealed partial class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    private const string ResourcePrefix = "PublicVote.Api.Storage.Sql.Migrations.";

    public static IReadOnlyList<(int Version, string Name)> Available { get; } = typeof(Migrator).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..^4])
        .Select(n => (int.Parse(n[..4], System.Globalization.CultureInfo.InvariantCulture), n))
        .OrderBy(m => m.Item1)
        .ToArray();

    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('publicvote.migrations'))", transaction: transaction);
        await connection.ExecuteAsync("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    int PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, transaction: transaction);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations", transaction: transaction)).ToHashSet();
        var count = 0;
        foreach (var (version, name) in Available.Where(m => !applied.Contains(m.Version)))
        {
            await connection.ExecuteAsync(ReadScript(name), transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)",
                new { version, name }, transaction);
            LogApplied(version, name);
            count++;
        }
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    private static string ReadScript(string name)
    {
        using var stream = typeof(Migrator).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".sql")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} {Name}")]
    private partial void LogApplied(int version, string name);
}
