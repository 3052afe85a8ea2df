using System.Globalization;
using Dapper;
using Npgsql;

namespace PublicVote.BrowserTests.Infrastructure;

public sealed record BrowserCampaignSpec
{
    public int DailyLimit { get; init; } = 3;
    public int PerCandidateLimit { get; init; } = 1;
    public bool ShowLiveCounts { get; init; } = true;
    public TimeSpan StartsIn { get; init; } = TimeSpan.FromDays(-1);
    public TimeSpan EndsIn { get; init; } = TimeSpan.FromDays(10);

    /// <summary>Names by index, replacing the generated ones (e.g. markup, to prove it is shown as text).</summary>
    public IReadOnlyDictionary<int, string> Names { get; init; } = new Dictionary<int, string>();
}

/// <param name="Candidates">Candidate ids by number ("001" …); 001–008 are windows, 009–012 stars.</param>
public sealed record BrowserCampaign(long Id, string Name, IReadOnlyDictionary<string, long> Candidates);

/// <summary>A campaign like the seed notices: two categories, twelve candidates with Chinese names, inserted directly.</summary>
public static class BrowserCampaigns
{
    public static readonly string[] Windows =
    [
        "东宝区政务服务中心窗口", "掇刀区不动产登记窗口", "市公积金中心柜台", "市第一人民医院门诊窗口",
        "荆门公交一路车队", "市供电公司营业厅", "中心城区供水营业厅", "市人社局社保窗口",
    ];

    public static readonly string[] Stars = ["王丽华", "李建国", "张晓敏", "陈志强"];

    public static async Task<BrowserCampaign> CreateAsync(NpgsqlDataSource db, BrowserCampaignSpec spec, DateTimeOffset now)
    {
        await using var connection = await db.OpenConnectionAsync();
        const string name = "荆门市“优质服务窗口、优质服务明星”评选";
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO campaigns (slug, name, time_zone, vote_starts_at, vote_ends_at, daily_vote_limit,
                                   per_candidate_daily_limit, redis_shards, status, show_live_counts)
            VALUES (@slug, @name, 'Asia/Shanghai', @starts, @ends, @DailyLimit, @PerCandidateLimit, 1, 'active', @ShowLiveCounts)
            RETURNING id
            """, new
        {
            slug = "b-" + Guid.NewGuid().ToString("N")[..16],
            name,
            starts = now + spec.StartsIn,
            ends = now + spec.EndsIn,
            spec.DailyLimit,
            spec.PerCandidateLimit,
            spec.ShowLiveCounts,
        });
        var window = await CategoryAsync(connection, id, "window", "优质服务窗口", "unit", 0);
        var star = await CategoryAsync(connection, id, "star", "优质服务明星", "person", 1);
        var candidates = new Dictionary<string, long>();
        var all = Windows.Select(n => (Name: n, Category: window)).Concat(Stars.Select(n => (Name: n, Category: star))).ToArray();
        for (var i = 0; i < all.Length; i++)
        {
            var number = (i + 1).ToString("D3", CultureInfo.InvariantCulture);
            candidates[number] = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO candidates (campaign_id, category_id, number, name, status)
                VALUES (@id, @category, @number, @name, 'active') RETURNING id
                """, new { id, category = all[i].Category, number, name = spec.Names.GetValueOrDefault(i, all[i].Name) });
        }
        return new BrowserCampaign(id, name, candidates);
    }

    private static Task<long> CategoryAsync(NpgsqlConnection connection, long id, string code, string name, string kind, int sort) =>
        connection.ExecuteScalarAsync<long>(
            "INSERT INTO categories (campaign_id, code, name, kind, sort_order) VALUES (@id, @code, @name, @kind, @sort) RETURNING id",
            new { id, code, name, kind, sort });
}
