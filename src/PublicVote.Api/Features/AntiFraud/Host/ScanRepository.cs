using System.Globalization;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.AntiFraud.Detection;
using PublicVote.Api.Features.AntiFraud.Surge;

namespace PublicVote.Api.Features.AntiFraud.Host;

/// <summary>A place in the vote log: the inserting transaction's id and the row's sequence number.</summary>
public readonly record struct LogPosition(ulong Xid, long Seq) : IComparable<LogPosition>
{
    public static readonly LogPosition Start = new(0, 0);

    public int CompareTo(LogPosition other) => (Xid, Seq).CompareTo((other.Xid, other.Seq));

    public static bool operator <(LogPosition a, LogPosition b) => a.CompareTo(b) < 0;

    public static bool operator >(LogPosition a, LogPosition b) => a.CompareTo(b) > 0;

    public static bool operator <=(LogPosition a, LogPosition b) => a.CompareTo(b) <= 0;

    public static bool operator >=(LogPosition a, LogPosition b) => a.CompareTo(b) >= 0;
}

/// <summary>One vote of the log with its signals, as the host reads it.</summary>
public sealed record LogVote(
    long CampaignId, int Shard, long StreamMs, long StreamSeq, long CandidateId, string VoterKey, DateTime VotedAt, string IpPrefix,
    string UaHash, DateTime? FirstSeenAt, int? DwellMs, string Status, string LogXid, long LogSeq)
{
    public LogPosition Position => new(ulong.Parse(LogXid, CultureInfo.InvariantCulture), LogSeq);

    public string Receipt => string.Create(CultureInfo.InvariantCulture, $"{CampaignId}-{Shard}-{StreamMs}-{StreamSeq}");

    public DateTimeOffset At => new(DateTime.SpecifyKind(VotedAt, DateTimeKind.Utc));

    public VoteEvent ToEvent() => new(Receipt, CampaignId, CandidateId, VoterKey, At, IpPrefix, UaHash,
        FirstSeenAt is { } seen ? new DateTimeOffset(DateTime.SpecifyKind(seen, DateTimeKind.Utc)) : null, DwellMs);
}

/// <summary>
/// The detector host's PostgreSQL side: the vote log read in (transaction id, sequence) order below the horizon of
/// the oldest running transaction (so a flush committing late is never skipped), the checkpoint, the time marks.
/// </summary>
public sealed class ScanRepository(NpgsqlDataSource dataSource)
{
    /// <summary>Every row inserted by a transaction older than this is committed (or gone): the log is final below it.</summary>
    public async Task<ulong> HorizonAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var xmin = await connection.ExecuteScalarAsync<string>("SELECT pg_snapshot_xmin(pg_current_snapshot())::text");
        return ulong.Parse(xmin!, CultureInfo.InvariantCulture);
    }

    /// <summary>Votes after <paramref name="after"/> up to and including <paramref name="upTo"/>, in log order.</summary>
    public async Task<IReadOnlyList<LogVote>> ReadAsync(LogPosition after, LogPosition upTo, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LogVote>("""
            SELECT campaign_id AS CampaignId, shard, stream_ms AS StreamMs, stream_seq AS StreamSeq, candidate_id AS CandidateId,
                   voter_key AS VoterKey, voted_at AS VotedAt, ip_prefix AS IpPrefix, ua_hash AS UaHash, first_seen_at AS FirstSeenAt,
                   dwell_ms AS DwellMs, status, log_xid::text AS LogXid, log_seq AS LogSeq
              FROM votes
             WHERE (log_xid, log_seq) > (CAST(@afterXid AS xid8), @afterSeq)
               AND (log_xid, log_seq) <= (CAST(@upToXid AS xid8), @upToSeq)
             ORDER BY log_xid, log_seq
             LIMIT @limit
            """, new { afterXid = Text(after.Xid), afterSeq = after.Seq, upToXid = Text(upTo.Xid), upToSeq = upTo.Seq, limit });
        return rows.AsList();
    }

    public async Task<LogPosition?> CheckpointAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PositionRow>(
            "SELECT log_xid::text AS Xid, log_seq AS Seq FROM fraud_scan_checkpoint WHERE id = 1");
        return row?.Position;
    }

    /// <summary>Stores the position; never moves it back (a node catching up after losing the lock may be behind).</summary>
    public async Task SaveCheckpointAsync(LogPosition position, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO fraud_scan_checkpoint (id, log_xid, log_seq) VALUES (1, CAST(@xid AS xid8), @seq)
            ON CONFLICT (id) DO UPDATE SET log_xid = EXCLUDED.log_xid, log_seq = EXCLUDED.log_seq, updated_at = now()
             WHERE (fraud_scan_checkpoint.log_xid, fraud_scan_checkpoint.log_seq) < (EXCLUDED.log_xid, EXCLUDED.log_seq)
            """, new { xid = Text(position.Xid), seq = position.Seq });
    }

    /// <summary>Remembers where the log was at <paramref name="at"/> if the last mark is older than <paramref name="every"/>; drops marks no replay needs.</summary>
    public async Task MarkAsync(DateTimeOffset at, LogPosition position, TimeSpan every, TimeSpan keep, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO fraud_scan_marks (at, log_xid, log_seq)
            SELECT @at, CAST(@xid AS xid8), @seq
             WHERE NOT EXISTS (SELECT 1 FROM fraud_scan_marks WHERE at > @at - @every)
            ON CONFLICT DO NOTHING;
            DELETE FROM fraud_scan_marks
             WHERE at < @at - @keep AND at < (SELECT max(at) FROM fraud_scan_marks WHERE at < @at - @keep);
            """, new { at = at.UtcDateTime, xid = Text(position.Xid), seq = position.Seq, every, keep });
    }

    /// <summary>Where to replay from so that every vote cast since <paramref name="since"/> is fed again.</summary>
    public async Task<LogPosition> ReplayStartAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PositionRow>("""
            SELECT log_xid::text AS Xid, log_seq AS Seq FROM fraud_scan_marks WHERE at <= @since ORDER BY at DESC LIMIT 1
            """, new { since = since.UtcDateTime });
        return row?.Position ?? LogPosition.Start;
    }

    /// <summary>Campaigns whose vote window is open now (surge mode only matters there).</summary>
    public async Task<IReadOnlyList<OpenCampaign>> OpenCampaignsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<OpenCampaign>("""
            SELECT id, redis_shards AS RedisShards FROM campaigns
             WHERE status = 'active' AND vote_starts_at <= @now AND vote_ends_at > @now ORDER BY id
            """, new { now = now.UtcDateTime });
        return rows.AsList();
    }

    private static string Text(ulong xid) => xid.ToString(CultureInfo.InvariantCulture);

    private sealed record PositionRow(string Xid, long Seq)
    {
        public LogPosition Position => new(ulong.Parse(Xid, CultureInfo.InvariantCulture), Seq);
    }
}
