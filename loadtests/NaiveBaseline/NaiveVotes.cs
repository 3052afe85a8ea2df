using Dapper;
using Npgsql;

namespace NaiveBaseline;

internal readonly record struct Outcome(int Status, string? Error, long Receipt = 0, int Remaining = 0, DateOnly Day = default);

/// <summary>One vote = one transaction; tables of its own in schema <c>naive</c>, next to the product's campaigns.</summary>
internal static class NaiveVotes
{
    public const string Schema = """
        CREATE SCHEMA IF NOT EXISTS naive;
        CREATE TABLE IF NOT EXISTS naive.voter_days (
            campaign_id bigint NOT NULL, voter text NOT NULL, day date NOT NULL, used int NOT NULL,
            PRIMARY KEY (campaign_id, voter, day));
        CREATE TABLE IF NOT EXISTS naive.votes (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, campaign_id bigint NOT NULL, candidate_id bigint NOT NULL,
            voter text NOT NULL, day date NOT NULL, voted_at timestamptz NOT NULL DEFAULT now(), client_ip text);
        CREATE INDEX IF NOT EXISTS votes_voter_day ON naive.votes (campaign_id, voter, day, candidate_id);
        CREATE TABLE IF NOT EXISTS naive.totals (
            campaign_id bigint NOT NULL, candidate_id bigint NOT NULL, votes bigint NOT NULL,
            PRIMARY KEY (campaign_id, candidate_id));
        """;

    public static async Task<Outcome> CastAsync(NpgsqlDataSource db, long campaignId, long candidateId, string voter, string? ip)
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var rules = await connection.QuerySingleOrDefaultAsync<Rules>("""
            SELECT c.time_zone AS TimeZone, c.vote_starts_at AS StartsAt, c.vote_ends_at AS EndsAt, c.daily_vote_limit AS DailyLimit,
                   c.per_candidate_daily_limit AS PerCandidateLimit, k.status AS CandidateStatus
              FROM campaigns c JOIN candidates k ON k.campaign_id = c.id
             WHERE c.id = @campaignId AND k.id = @candidateId
            """, new { campaignId, candidateId }, transaction);
        var now = DateTime.UtcNow;
        if (rules is null)
        {
            return new(404, "No such campaign or candidate.");
        }
        if (now < rules.StartsAt || now >= rules.EndsAt || rules.CandidateStatus != "active")
        {
            return new(403, "Voting is closed for this candidate.");
        }
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, TimeZoneInfo.FindSystemTimeZoneById(rules.TimeZone)));
        var key = new { campaignId, voter, day, candidateId };
        await connection.ExecuteAsync("""
            INSERT INTO naive.voter_days (campaign_id, voter, day, used) VALUES (@campaignId, @voter, @day, 0) ON CONFLICT DO NOTHING
            """, key, transaction);
        var used = await connection.ExecuteScalarAsync<int>(
            "SELECT used FROM naive.voter_days WHERE campaign_id = @campaignId AND voter = @voter AND day = @day FOR UPDATE", key, transaction);
        var same = await connection.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM naive.votes WHERE campaign_id = @campaignId AND voter = @voter AND day = @day AND candidate_id = @candidateId
            """, key, transaction);
        if (same >= rules.PerCandidateLimit)
        {
            return new(409, "You have already voted for this candidate today.");
        }
        if (used >= rules.DailyLimit)
        {
            return new(409, "You have used all your votes for today.");
        }
        var receipt = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO naive.votes (campaign_id, candidate_id, voter, day, client_ip) VALUES (@campaignId, @candidateId, @voter, @day, @ip)
            RETURNING id
            """, new { campaignId, candidateId, voter, day, ip }, transaction);
        await connection.ExecuteAsync(
            "UPDATE naive.voter_days SET used = used + 1 WHERE campaign_id = @campaignId AND voter = @voter AND day = @day", key, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO naive.totals (campaign_id, candidate_id, votes) VALUES (@campaignId, @candidateId, 1)
            ON CONFLICT (campaign_id, candidate_id) DO UPDATE SET votes = naive.totals.votes + 1
            """, key, transaction);
        await transaction.CommitAsync();
        return new(200, null, receipt, rules.DailyLimit - used - 1, day);
    }

    private sealed record Rules(string TimeZone, DateTime StartsAt, DateTime EndsAt, int DailyLimit, int PerCandidateLimit, string CandidateStatus);
}
