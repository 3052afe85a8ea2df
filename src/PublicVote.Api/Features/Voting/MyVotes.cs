using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace PublicVote.Api.Features.Voting;

/// <param name="Receipt">Same shape as the vote answer's receipt: campaign-shard-stream id.</param>
public sealed record MyVote(string Receipt, long CandidateId, DateTimeOffset VotedAt, DateOnly Day);

/// <param name="Votes">Newest first, at most <see cref="MyVotes.Limit"/>; votes of the last seconds may still be on their way from Redis.</param>
public sealed record MyVoteList(long CampaignId, IReadOnlyList<MyVote> Votes);

/// <summary>
/// "All my receipts": the voter's votes as PostgreSQL holds them (the flusher writes them within seconds), so a
/// citizen can see that each receipt became a stored vote. Served by the (campaign, voter, day) index of <c>votes</c>.
/// </summary>
public static class MyVotes
{
    public const int Limit = 500;

    public static async Task<Results<Ok<MyVoteList>, ProblemHttpResult>> ListAsync(
        long campaignId, HttpContext http, VoterContext voters, NpgsqlDataSource db)
    {
        var (problem, session, _) = await voters.ResolveAsync(campaignId, http);
        if (problem is not null)
        {
            return problem;
        }
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        var rows = await connection.QueryAsync<MyVoteRow>("""
            SELECT campaign_id || '-' || shard || '-' || stream_ms || '-' || stream_seq AS Receipt,
                   candidate_id AS CandidateId, voted_at AS VotedAt, vote_day AS Day
              FROM votes
             WHERE campaign_id = @campaignId AND voter_openid = @openId
             ORDER BY voted_at DESC, stream_ms DESC, stream_seq DESC
             LIMIT @Limit
            """, new { campaignId, openId = session.OpenId, Limit });
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new MyVoteList(campaignId, rows.Select(r =>
            new MyVote(r.Receipt, r.CandidateId, new DateTimeOffset(r.VotedAt, TimeSpan.Zero), r.Day)).ToArray()));
    }

    private sealed record MyVoteRow(string Receipt, long CandidateId, DateTime VotedAt, DateOnly Day);
}
