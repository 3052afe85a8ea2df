using System.Net;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using PublicVote.Api.Features.AntiFraud.Signals;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Storage.Redis;

namespace PublicVote.Api.Storage.Sql;

public sealed record CandidateVotes(long CandidateId, long Votes);

/// <param name="Votes">Counted and restored votes (the tally).</param>
/// <param name="Pending">Votes held for review.</param>
public sealed record CandidateTally(long CandidateId, long Votes, long Pending);

/// <summary>The durable vote log and the flushed totals (<c>votes</c> counts counted + restored votes, <c>pending</c> held ones).</summary>
public sealed class VoteRepository(NpgsqlDataSource dataSource, VoterKeys voterKeys)
{
    /// <summary>
    /// Writes one batch in one transaction and adds it to the totals; returns the number of votes that were new.
    /// A batch is almost always new: binary COPY straight into <c>votes</c>. A replayed batch (crash between commit
    /// and ack) hits the stream-id key; it is then written again through a temp table, inserting only what is new
    /// and adding only that to the totals.
    /// </summary>
    public async Task<long> InsertBatchAsync(long campaignId, int shard, IReadOnlyList<StreamVote> votes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            try
            {
                await CopyAsync(connection, "votes (campaign_id, shard, ", campaignId, shard, votes, voterKeys, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await transaction.RollbackAsync(cancellationToken);
                return await InsertReplayedBatchAsync(connection, campaignId, shard, votes, voterKeys, cancellationToken);
            }
            // In candidate order: batches written side by side lock the same totals rows in the same order (no deadlock).
            await connection.ExecuteAsync("""
                INSERT INTO vote_totals (campaign_id, candidate_id, votes, pending)
                SELECT @campaignId, candidate_id, count(*) FILTER (WHERE NOT held), count(*) FILTER (WHERE held)
                  FROM unnest(@candidates, @held) AS v(candidate_id, held) GROUP BY candidate_id ORDER BY candidate_id
                ON CONFLICT (campaign_id, candidate_id)
                DO UPDATE SET votes = vote_totals.votes + EXCLUDED.votes, pending = vote_totals.pending + EXCLUDED.pending, updated_at = now()
                """, new
            {
                campaignId,
                candidates = votes.Select(v => v.CandidateId).ToArray(),
                held = votes.Select(v => v.SignalsOrNone.IsHeld).ToArray(),
            }, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
        return votes.Count;
    }

    private static async Task<long> InsertReplayedBatchAsync(
        NpgsqlConnection connection, long campaignId, int shard, IReadOnlyList<StreamVote> votes, VoterKeys voterKeys,
        CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE IF NOT EXISTS votes_in (
                stream_ms bigint, stream_seq bigint, candidate_id bigint, voter_openid text,
                voted_at timestamptz, vote_day date, client_ip inet, ua_hash text,
                ip_prefix text, voter_key text, first_seen_at timestamptz, dwell_ms int, token_state text,
                prefix_new_voters int, status text
            ) ON COMMIT DELETE ROWS
            """, transaction: transaction);
        await CopyAsync(connection, "votes_in (", campaignId, null, votes, voterKeys, cancellationToken);
        var inserted = await connection.ExecuteScalarAsync<long>("""
            WITH inserted AS (
                INSERT INTO votes (campaign_id, shard, stream_ms, stream_seq, candidate_id, voter_openid, voted_at, vote_day, client_ip, ua_hash,
                                   ip_prefix, voter_key, first_seen_at, dwell_ms, token_state, prefix_new_voters, status)
                SELECT @campaignId, @shard, stream_ms, stream_seq, candidate_id, voter_openid, voted_at, vote_day, client_ip, ua_hash,
                       ip_prefix, voter_key, first_seen_at, dwell_ms, token_state, prefix_new_voters, status
                  FROM votes_in
                ON CONFLICT (campaign_id, shard, stream_ms, stream_seq) DO NOTHING
                RETURNING candidate_id, status),
            per_candidate AS (
                SELECT candidate_id, count(*) FILTER (WHERE status = 'counted') AS votes, count(*) FILTER (WHERE status = 'pending') AS pending
                  FROM inserted GROUP BY candidate_id),
            totals AS (
                INSERT INTO vote_totals (campaign_id, candidate_id, votes, pending)
                SELECT @campaignId, candidate_id, votes, pending FROM per_candidate ORDER BY candidate_id
                ON CONFLICT (campaign_id, candidate_id)
                DO UPDATE SET votes = vote_totals.votes + EXCLUDED.votes, pending = vote_totals.pending + EXCLUDED.pending, updated_at = now())
            SELECT coalesce(sum(votes + pending), 0)::bigint FROM per_candidate
            """, new { campaignId, shard }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>Binary COPY of a batch; campaign and <paramref name="leadingShard"/> start each row when the shard is given.</summary>
    private static async Task CopyAsync(
        NpgsqlConnection connection, string tableAndLeadingColumns, long campaignId, int? leadingShard,
        IReadOnlyList<StreamVote> votes, VoterKeys voterKeys, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {tableAndLeadingColumns}stream_ms, stream_seq, candidate_id, voter_openid, voted_at, vote_day, client_ip, ua_hash, " +
            "ip_prefix, voter_key, first_seen_at, dwell_ms, token_state, prefix_new_voters, status) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        // Synchronous writes: they only fill Npgsql's buffer (a full buffer is sent to the local socket), and an
        // awaited call per field cost more than the COPY itself.
        using var voterKey = voterKeys.For(campaignId);
        foreach (var vote in votes)
        {
            var (ms, seq) = vote.StreamPosition;
            writer.StartRow();
            if (leadingShard is { } shard)
            {
                writer.Write(campaignId, NpgsqlDbType.Bigint);
                writer.Write(shard, NpgsqlDbType.Integer);
            }
            writer.Write(ms, NpgsqlDbType.Bigint);
            writer.Write(seq, NpgsqlDbType.Bigint);
            writer.Write(vote.CandidateId, NpgsqlDbType.Bigint);
            writer.Write(vote.Voter, NpgsqlDbType.Text);
            writer.Write(DateTimeOffset.FromUnixTimeMilliseconds(vote.VotedAtMs).UtcDateTime, NpgsqlDbType.TimestampTz);
            writer.Write(LocalDay.FromKey(vote.Day), NpgsqlDbType.Date);
            if (IPAddress.TryParse(vote.ClientIp, out var ip))
            {
                writer.Write(ip, NpgsqlDbType.Inet);
            }
            else
            {
                writer.WriteNull();
            }
            writer.Write(vote.UserAgentHash, NpgsqlDbType.Text);
            WriteSignals(writer, vote.SignalsOrNone, vote.ClientIp, voterKey.Of(vote.Voter));
        }
        await writer.CompleteAsync(cancellationToken);
    }

    /// <summary>
    /// The anti-fraud columns. Votes cast with the signals off (or by an older script) still get their prefix, from
    /// the client IP; the voter key is computed here rather than on the hot path.
    /// </summary>
    private static void WriteSignals(NpgsqlBinaryImporter writer, StreamSignals signals, string clientIp, string voterKey)
    {
        writer.Write(signals.IpPrefix.Length > 0 ? signals.IpPrefix : ClientNetwork.Prefix(clientIp), NpgsqlDbType.Text);
        writer.Write(voterKey, NpgsqlDbType.Text);
        if (signals.FirstSeenMs is { } firstSeen)
        {
            writer.Write(DateTimeOffset.FromUnixTimeMilliseconds(firstSeen).UtcDateTime, NpgsqlDbType.TimestampTz);
        }
        else
        {
            writer.WriteNull();
        }
        if (signals.DwellMs is { } dwell)
        {
            writer.Write((int)Math.Clamp(dwell, 0, int.MaxValue), NpgsqlDbType.Integer);
        }
        else
        {
            writer.WriteNull();
        }
        writer.Write(signals.Token switch { "u" => "used", "r" => "reused", "i" => "invalid", _ => "none" }, NpgsqlDbType.Text);
        writer.Write(signals.PrefixNewVoters, NpgsqlDbType.Integer);
        writer.Write(signals.IsHeld ? "pending" : "counted", NpgsqlDbType.Text);
    }

    public async Task<IReadOnlyList<CandidateVotes>> FlushedTotalsAsync(long campaignId) =>
        (await FlushedTalliesAsync(campaignId)).Select(t => new CandidateVotes(t.CandidateId, t.Votes)).ToList();

    public async Task<IReadOnlyList<CandidateTally>> FlushedTalliesAsync(long campaignId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<CandidateTally>(
            "SELECT candidate_id AS CandidateId, votes AS Votes, pending AS Pending FROM vote_totals WHERE campaign_id = @campaignId",
            new { campaignId });
        return rows.AsList();
    }
}
