using Dapper;
using Npgsql;

namespace PublicVote.IntegrationTests.Infrastructure;

public sealed record CampaignSpec
{
    public int DailyLimit { get; init; } = 5;
    public int PerCandidateLimit { get; init; } = 1;
    public int Candidates { get; init; } = 5;
    public int Shards { get; init; } = 1;
    public string TimeZone { get; init; } = "Asia/Shanghai";
    public DateTimeOffset StartsAt { get; init; } = TestCampaigns.DefaultNow.AddDays(-10);
    public DateTimeOffset EndsAt { get; init; } = TestCampaigns.DefaultNow.AddDays(30);
    public string Status { get; init; } = "active";
    public bool ShowLiveCounts { get; init; }
    /// <summary>Candidate statuses by index (default all active), e.g. { [2] = "withdrawn" }.</summary>
    public IReadOnlyDictionary<int, string> CandidateStatus { get; init; } = new Dictionary<int, string>();
}

public sealed record TestCampaign(long Id, long[] CandidateIds, long CategoryId);

public static class TestCampaigns
{
    /// <summary>2026-08-01 10:00 in Asia/Shanghai.</summary>
    public static readonly DateTimeOffset DefaultNow = new(2026, 8, 1, 2, 0, 0, TimeSpan.Zero);

    public static async Task<TestCampaign> CreateAsync(NpgsqlDataSource db, CampaignSpec spec)
    {
        await using var connection = await db.OpenConnectionAsync();
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO campaigns (slug, name, time_zone, vote_starts_at, vote_ends_at, daily_vote_limit,
                                   per_candidate_daily_limit, redis_shards, status, show_live_counts)
            VALUES (@slug, 'test campaign', @TimeZone, @StartsAt, @EndsAt, @DailyLimit, @PerCandidateLimit, @Shards, @Status,
                    @ShowLiveCounts)
            RETURNING id
            """, new
        {
            slug = "t-" + Guid.NewGuid().ToString("N")[..16],
            spec.TimeZone,
            spec.StartsAt,
            spec.EndsAt,
            spec.DailyLimit,
            spec.PerCandidateLimit,
            spec.Shards,
            spec.Status,
            spec.ShowLiveCounts,
        });
        var category = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO categories (campaign_id, code, name, kind) VALUES (@id, 'window', '优质服务窗口', 'unit') RETURNING id",
            new { id });
        var candidates = new long[spec.Candidates];
        for (var i = 0; i < spec.Candidates; i++)
        {
            candidates[i] = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO candidates (campaign_id, category_id, number, name, status)
                VALUES (@id, @category, @number, @name, @status) RETURNING id
                """, new
            {
                id,
                category,
                number = (i + 1).ToString("D3", System.Globalization.CultureInfo.InvariantCulture),
                name = $"候选 {i + 1}",
                status = spec.CandidateStatus.GetValueOrDefault(i, "active"),
            });
        }
        return new TestCampaign(id, candidates, category);
    }
}
