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
    /// Writes one batch in one transaction: binary COPY into a per-connection temp table, then insert what is
    /// new (a replayed batch hits the stream-id key and is skipped), and add only the inserted rows to the totals.
    /// Returns the number of votes that were new.
    /// </summary>
    public async Task<long> InsertBatchAsync(long campaignId, int shard, IReadOnlyList<StreamVote> votes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            CREATE TEMP TABLE IF NOT EXISTS votes_in (
                stream_ms bigint, stream_seq bigint, candidate_id bigint, voter_openid text,
                voted_at timestamptz, vote_day date, client_ip inet, ua_hash text
            ) ON COMMIT DELETE ROWS
            """, transaction: transaction);
        await using (var writer = await connection.BeginBinaryImportAsync(
            "COPY votes_in (stream_ms, stream_seq, candidate_id, voter_openid, voted_at, vote_day, client_ip, ua_hash) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var vote in votes)
            {
                var (ms, seq) = vote.StreamPosition;
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(ms, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(seq, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(vote.CandidateId, NpgsqlDbType.Bigint, cancellationToken);
                await writer.WriteAsync(vote.Voter, NpgsqlDbType.Text, cancellationToken);
                await writer.WriteAsync(DateTimeOffset.FromUnixTimeMilliseconds(vote.VotedAtMs).UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
                await writer.WriteAsync(LocalDay.FromKey(vote.Day), NpgsqlDbType.Date, cancellationToken);
                if (IPAddress.TryParse(vote.ClientIp, out var ip))
                {
                    await writer.WriteAsync(ip, NpgsqlDbType.Inet, cancellationToken);
                }
                else
                {
                    await writer.WriteNullAsync(cancellationToken);
                }
                await writer.WriteAsync(vote.UserAgentHash, NpgsqlDbType.Text, cancellationToken);
            }
            await writer.CompleteAsync(cancellationToken);
        }
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

    public async Task<IReadOnlyList<CandidateVotes>> FlushedTotalsAsync(long campaignId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<CandidateVotes>(
            "SELECT candidate_id AS CandidateId, votes AS Votes FROM vote_totals WHERE campaign_id = @campaignId",
            new { campaignId });
        return rows.AsList();
    }
}
