using System.Net;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Storage.Redis;

namespace PublicVote.Api.Storage.Sql;

public sealed record CandidateVotes(long CandidateId, long Votes);

/// <summary>The durable vote log and the flushed totals.</summary>
public sealed class VoteRepository(NpgsqlDataSource dataSource)
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
                await CopyAsync(connection, "votes (campaign_id, shard, ", (campaignId, shard), votes, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await transaction.RollbackAsync(cancellationToken);
                return await InsertReplayedBatchAsync(connection, campaignId, shard, votes, cancellationToken);
            }
            await connection.ExecuteAsync("""
                INSERT INTO vote_totals (campaign_id, candidate_id, votes)
                SELECT @campaignId, candidate_id, count(*) FROM unnest(@candidates) AS v(candidate_id) GROUP BY candidate_id
                ON CONFLICT (campaign_id, candidate_id)
                DO UPDATE SET votes = vote_totals.votes + EXCLUDED.votes, updated_at = now()
                """, new { campaignId, candidates = votes.Select(v => v.CandidateId).ToArray() }, transaction);
            await transaction.CommitAsync(cancellationToken);
        }
        return votes.Count;
    }

    private static async Task<long> InsertReplayedBatchAsync(
        NpgsqlConnection connection, long campaignId, int shard, IReadOnlyList<StreamVote> votes, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE IF NOT EXISTS votes_in (
                stream_ms bigint, stream_seq bigint, candidate_id bigint, voter_openid text,
                voted_at timestamptz, vote_day date, client_ip inet, ua_hash text
            ) ON COMMIT DELETE ROWS
            """, transaction: transaction);
        await CopyAsync(connection, "votes_in (", null, votes, cancellationToken);
        var inserted = await connection.ExecuteScalarAsync<long>("""
            WITH inserted AS (
                INSERT INTO votes (campaign_id, shard, stream_ms, stream_seq, candidate_id, voter_openid, voted_at, vote_day, client_ip, ua_hash)
                SELECT @campaignId, @shard, stream_ms, stream_seq, candidate_id, voter_openid, voted_at, vote_day, client_ip, ua_hash
                  FROM votes_in
                ON CONFLICT (campaign_id, shard, stream_ms, stream_seq) DO NOTHING
                RETURNING candidate_id),
            per_candidate AS (
                SELECT candidate_id, count(*) AS votes FROM inserted GROUP BY candidate_id),
            totals AS (
                INSERT INTO vote_totals (campaign_id, candidate_id, votes)
                SELECT @campaignId, candidate_id, votes FROM per_candidate
                ON CONFLICT (campaign_id, candidate_id)
                DO UPDATE SET votes = vote_totals.votes + EXCLUDED.votes, updated_at = now())
            SELECT coalesce(sum(votes), 0)::bigint FROM per_candidate
            """, new { campaignId, shard }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>Binary COPY of a batch; <paramref name="leading"/> (campaign, shard) starts each row when given.</summary>
    private static async Task CopyAsync(
        NpgsqlConnection connection, string tableAndLeadingColumns, (long CampaignId, int Shard)? leading,
        IReadOnlyList<StreamVote> votes, CancellationToken cancellationToken)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            $"COPY {tableAndLeadingColumns}stream_ms, stream_seq, candidate_id, voter_openid, voted_at, vote_day, client_ip, ua_hash) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        // Synchronous writes: they only fill Npgsql's buffer (a full buffer is sent to the local socket), and an
        // awaited call per field cost more than the COPY itself.
        foreach (var vote in votes)
        {
            var (ms, seq) = vote.StreamPosition;
            writer.StartRow();
            if (leading is var (campaignId, shard))
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
        }
        await writer.CompleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<CandidateVotes>> FlushedTotalsAsync(long campaignId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<CandidateVotes>(
            "SELECT candidate_id AS CandidateId, votes AS Votes FROM vote_totals WHERE campaign_id = @campaignId",
            new { campaignId });
        return rows.AsList();
    }
}
