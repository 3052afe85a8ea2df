using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using PublicVote.Api.Features.Voting;

namespace PublicVote.Api.Features.Demo;

/// <summary>
/// Loads a demo campaign modelled on seed 004 (荆门市 2019 优质服务窗口、优质服务明星): two categories, twelve
/// candidates, voting open for 30 days from now. Idempotent: returns the existing campaign if already loaded.
/// </summary>
public sealed class DemoSeeder(NpgsqlDataSource dataSource, IOptions<VotingOptions> voting, TimeProvider time)
{
    public const string Slug = "demo-jingmen";

    private static readonly (string Category, string Number, string Name)[] Candidates =
    [
        ("window", "001", "市政务服务中心不动产登记窗口"),
        ("window", "002", "东宝区人民医院门诊服务台"),
        ("window", "003", "掇刀区供电营业厅"),
        ("window", "004", "市公交集团1路车队"),
        ("window", "005", "漳河新区社保经办窗口"),
        ("window", "006", "市自来水公司客户服务中心"),
        ("star", "101", "王丽（市政务服务中心）"),
        ("star", "102", "陈刚（市公交集团）"),
        ("star", "103", "刘芳（东宝区人民医院）"),
        ("star", "104", "张伟（掇刀区供电营业厅）"),
        ("star", "105", "李娜（市燃气公司）"),
        ("star", "106", "赵敏（漳河新区社保局）"),
    ];

    public async Task<long> SeedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var existing = await connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT id FROM campaigns WHERE slug = @Slug", new { Slug }, transaction);
        if (existing is { } id)
        {
            return id;
        }
        var now = time.GetUtcNow();
        var campaignId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO campaigns (slug, name, vote_starts_at, vote_ends_at, daily_vote_limit, per_candidate_daily_limit,
                                   show_live_counts, redis_shards)
            VALUES (@Slug, '荆门市“优质服务窗口、优质服务明星”评选（演示）', @starts, @ends, 5, 1, true, @shards)
            RETURNING id
            """, new { Slug, starts = now.AddHours(-1), ends = now.AddDays(30), shards = voting.Value.DefaultShardCount }, transaction);
        var categories = new Dictionary<string, long>();
        foreach (var (code, name, kind, order) in new[] { ("window", "优质服务窗口", "unit", 1), ("star", "优质服务明星", "person", 2) })
        {
            categories[code] = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO categories (campaign_id, code, name, kind, sort_order)
                VALUES (@campaignId, @code, @name, @kind, @order) RETURNING id
                """, new { campaignId, code, name, kind, order }, transaction);
        }
        await connection.ExecuteAsync("""
            INSERT INTO candidates (campaign_id, category_id, number, name)
            SELECT @campaignId, category_id, number, name
              FROM unnest(@categoryIds, @numbers, @names) AS c(category_id, number, name)
            """, new
        {
            campaignId,
            categoryIds = Candidates.Select(c => categories[c.Category]).ToArray(),
            numbers = Candidates.Select(c => c.Number).ToArray(),
            names = Candidates.Select(c => c.Name).ToArray(),
        }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return campaignId;
    }
}
