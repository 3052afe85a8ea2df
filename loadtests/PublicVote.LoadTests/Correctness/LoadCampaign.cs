using System.Globalization;
using Dapper;
using Npgsql;

namespace PublicVote.LoadTests.Correctness;

public sealed record LoadCampaignSpec
{
    public int Categories { get; init; } = 2;
    public int Candidates { get; init; } = 20;
    public int DailyVoteLimit { get; init; } = 5;
    public int PerCandidateDailyLimit { get; init; } = 1;
    public int RedisShards { get; init; } = 1;

    public void Validate()
    {
        if (Categories is < 1 or > 10 || Candidates < Categories || Candidates > 10_000)
        {
            throw new ArgumentException("--categories must be 1-10 and --candidates between that and 10000.");
        }
        if (DailyVoteLimit is < 1 or > 1000 || PerCandidateDailyLimit < 1 || PerCandidateDailyLimit > DailyVoteLimit)
        {
            throw new ArgumentException("--daily-limit must be 1-1000 and --per-candidate-limit between 1 and it.");
        }
        if (RedisShards is < 1 or > 1024)
        {
            throw new ArgumentException("--shards must be 1-1024.");
        }
    }
}

public sealed record LoadCandidate(long Id, long CategoryId);

/// <summary>The campaign a run votes in: its candidates (in popularity order for Zipf: index 0 is the star) and limits.</summary>
public sealed record LoadCampaignInfo(long Id, IReadOnlyList<long> CategoryIds, IReadOnlyList<LoadCandidate> Candidates, int DailyVoteLimit, int PerCandidateDailyLimit);

/// <summary>
/// A fresh campaign per run, so that any vote in PostgreSQL the run did not get a 200 for is detectable.
/// Written straight to the product's tables for now: this moves to the organizer API once the campaigns issue
/// lands (campaign + categories + candidates through HTTP, as an organizer would).
/// </summary>
public static class LoadCampaign
{
    public static async Task<LoadCampaignInfo> CreateAsync(NpgsqlDataSource db, LoadCampaignSpec spec, DateTimeOffset now)
    {
        spec.Validate();
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var stamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO campaigns (slug, name, vote_starts_at, vote_ends_at, daily_vote_limit, per_candidate_daily_limit,
                                   redis_shards, show_live_counts, status)
            VALUES (@slug, @name, @startsAt, @endsAt, @DailyVoteLimit, @PerCandidateDailyLimit, @RedisShards, true, 'active')
            RETURNING id
            """, new
        {
            slug = $"load-{stamp}-{Guid.NewGuid().ToString("N")[..8]}",
            name = $"load test {now:yyyy-MM-dd HH:mm:ss}Z",
            // Open for a day either side of now: the whole run, whatever the local day.
            startsAt = now.AddDays(-1),
            endsAt = now.AddDays(1),
            spec.DailyVoteLimit,
            spec.PerCandidateDailyLimit,
            spec.RedisShards,
        }, transaction);
        var categories = new List<long>();
        for (var c = 0; c < spec.Categories; c++)
        {
            categories.Add(await connection.ExecuteScalarAsync<long>("""
                INSERT INTO categories (campaign_id, code, name, kind, sort_order)
                VALUES (@id, @code, @name, @kind, @c) RETURNING id
                """, new { id, code = $"cat-{c + 1}", name = $"类别 {c + 1}", kind = c % 2 == 0 ? "unit" : "person", c }, transaction));
        }
        var candidates = new List<LoadCandidate>();
        for (var i = 0; i < spec.Candidates; i++)
        {
            var category = categories[i % categories.Count];
            var candidate = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO candidates (campaign_id, category_id, number, name) VALUES (@id, @category, @number, @name) RETURNING id
                """, new { id, category, number = (i + 1).ToString("D4", CultureInfo.InvariantCulture), name = $"候选 {i + 1}" }, transaction);
            candidates.Add(new LoadCandidate(candidate, category));
        }
        await transaction.CommitAsync();
        return new LoadCampaignInfo(id, categories, candidates, spec.DailyVoteLimit, spec.PerCandidateDailyLimit);
    }

    /// <summary>An existing campaign (e.g. one whose sessions were minted into a file beforehand).</summary>
    public static async Task<LoadCampaignInfo> LoadAsync(NpgsqlDataSource db, long campaignId)
    {
        await using var connection = await db.OpenConnectionAsync();
        var limits = await connection.QuerySingleOrDefaultAsync<(int Daily, int PerCandidate)?>(
            "SELECT daily_vote_limit, per_candidate_daily_limit FROM campaigns WHERE id = @campaignId", new { campaignId })
            ?? throw new ArgumentException($"Campaign {campaignId} does not exist in PostgreSQL.");
        var categories = (await connection.QueryAsync<long>(
            "SELECT id FROM categories WHERE campaign_id = @campaignId ORDER BY sort_order, id", new { campaignId })).AsList();
        var candidates = (await connection.QueryAsync<(long Id, long CategoryId)>(
            "SELECT id, category_id FROM candidates WHERE campaign_id = @campaignId AND status = 'active' ORDER BY number", new { campaignId }))
            .Select(c => new LoadCandidate(c.Id, c.CategoryId)).ToList();
        if (candidates.Count == 0)
        {
            throw new ArgumentException($"Campaign {campaignId} has no active candidates.");
        }
        return new LoadCampaignInfo(campaignId, categories, candidates, limits.Daily, limits.PerCandidate);
    }
}
