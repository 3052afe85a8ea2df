using System.Globalization;
using Dapper;
using Npgsql;

namespace PublicVote.FraudEval.Replay;

/// <summary>
/// The simulated campaign as rows of the product: open for the scenario's days (Asia/Shanghai, like the generator's
/// local days), one vote per candidate per voter and day, a daily limit no simulated voter reaches, one Redis shard,
/// the candidates in their organisations (as the unit). Written with SQL like the load tool's campaign: how it is set
/// up is not what is measured. Maps the generator's candidate ids to the product's both ways.
/// </summary>
internal sealed class ServiceCampaign
{
    private readonly Dictionary<long, long> _toProduct = [];
    private readonly Dictionary<long, long> _toSimulated = [];

    private ServiceCampaign(long id) => Id = id;

    public long Id { get; }

    public const int Shards = 1;

    public long Product(long simulatedCandidate) => _toProduct[simulatedCandidate];

    public long Simulated(long productCandidate) => _toSimulated[productCandidate];

    public static async Task<ServiceCampaign> CreateAsync(NpgsqlDataSource db, ReplayCampaign campaign, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO campaigns (slug, name, time_zone, vote_starts_at, vote_ends_at, daily_vote_limit, per_candidate_daily_limit,
                                   redis_shards, show_live_counts, status)
            VALUES (@slug, '欺诈检测评估回放', 'Asia/Shanghai', @start, @end, @daily, 1, @shards, true, 'active')
            RETURNING id
            """, new
        {
            slug = "fraud-eval-" + Guid.NewGuid().ToString("N")[..12],
            start = campaign.Start.UtcDateTime,
            end = campaign.End.UtcDateTime,
            daily = Math.Clamp(campaign.CandidateIds.Count, 1, 1000),
            shards = Shards,
        }, transaction);
        var category = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO categories (campaign_id, code, name, kind) VALUES (@id, 'window', '优质服务窗口', 'unit') RETURNING id", new { id }, transaction);
        var result = new ServiceCampaign(id);
        for (var i = 0; i < campaign.CandidateIds.Count; i++)
        {
            var product = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO candidates (campaign_id, category_id, number, name, unit_name) VALUES (@id, @category, @number, @name, @unit) RETURNING id
                """, new
            {
                id,
                category,
                number = (i + 1).ToString("D3", CultureInfo.InvariantCulture),
                name = string.Create(CultureInfo.InvariantCulture, $"候选 {i + 1}"),
                unit = string.Create(CultureInfo.InvariantCulture, $"单位 {campaign.OrganisationOf[i] + 1}"),
            }, transaction);
            result._toProduct[campaign.CandidateIds[i]] = product;
            result._toSimulated[product] = campaign.CandidateIds[i];
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
