using Microsoft.Extensions.Options;
using Npgsql;

namespace PublicVote.Api.Features.AntiFraud.Host;

/// <summary>
/// Runs <see cref="FraudScanner"/> every <see cref="DetectorHostOptions.Interval"/> on the one node holding a
/// PostgreSQL session lock (every enabled node competes; the lock goes with its connection, so a dead node frees it).
/// A failed scan is logged and retried next interval.
/// </summary>
public sealed partial class FraudScanService(
    FraudScanner scanner, NpgsqlDataSource dataSource, IOptions<DetectorHostOptions> options, TimeProvider time, ILogger<FraudScanService> logger)
    : BackgroundService
{
    private const long LockKey = 0x5076_4672_6175_64; // "PvFraud": one detector host per database

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }
        NpgsqlConnection? lease = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    lease = await HoldLockAsync(lease, stoppingToken);
                    if (lease is not null)
                    {
                        await scanner.RunOnceAsync(stoppingToken);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogScanFailed(ex);
                }
                try
                {
                    await Task.Delay(options.Value.Interval, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }
        }
    }

    /// <summary>The connection holding the lock, checked alive; null while another node holds it.</summary>
    private async Task<NpgsqlConnection?> HoldLockAsync(NpgsqlConnection? lease, CancellationToken cancellationToken)
    {
        if (lease is not null)
        {
            try
            {
                await using var ping = new NpgsqlCommand("SELECT 1", lease);
                await ping.ExecuteScalarAsync(cancellationToken);
                return lease;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                LogLockLost();
                await lease.DisposeAsync();
            }
        }
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", LockKey);
            if (await take.ExecuteScalarAsync(cancellationToken) is true)
            {
                LogLockTaken();
                return connection;
            }
        }
        await connection.DisposeAsync();
        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This node now runs the anti-fraud detector host")]
    private partial void LogLockTaken();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The detector host lost its PostgreSQL lock; competing for it again")]
    private partial void LogLockLost();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Anti-fraud scan failed; retrying next interval")]
    private partial void LogScanFailed(Exception exception);
}
