using System.Collections.Frozen;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.Phases;

namespace PublicVote.Api.Features.Campaigns;

public sealed record CampaignShards(long Id, int RedisShards);

public sealed class CampaignRepository(NpgsqlDataSource dataSource)
{
    public async Task<CampaignRules?> LoadRulesAsync(long campaignId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CampaignRow>("""
            SELECT id, slug, name, time_zone AS TimeZone, vote_starts_at AS VoteStartsAt, vote_ends_at AS VoteEndsAt,
                   daily_vote_limit AS DailyVoteLimit, per_candidate_daily_limit AS PerCandidateDailyLimit,
                   show_live_counts AS ShowLiveCounts, redis_shards AS RedisShards, status, rules_version AS RulesVersion
              FROM campaigns WHERE id = @campaignId
            """, new { campaignId });
        if (row is null)
        {
            return null;
        }
        var candidates = await connection.QueryAsync<CandidateEntry>("""
            SELECT id, category_id AS CategoryId, number, name, status, review_status AS ReviewStatus
              FROM candidates WHERE campaign_id = @campaignId
            """, new { campaignId });
        var categories = await connection.QueryAsync<CategoryEntry>("""
            SELECT id, code, name, kind FROM categories WHERE campaign_id = @campaignId ORDER BY sort_order, id
            """, new { campaignId });
        return new CampaignRules(
            row.Id, row.Slug, row.Name, TimeZoneInfo.FindSystemTimeZoneById(row.TimeZone),
            PhaseRows.Utc(row.VoteStartsAt), PhaseRows.Utc(row.VoteEndsAt), row.DailyVoteLimit, row.PerCandidateDailyLimit,
            row.ShowLiveCounts, row.RedisShards, row.Status, row.RulesVersion,
            candidates.ToFrozenDictionary(c => c.Id), categories.AsList())
        {
            Profile = await CampaignProfile.LoadAsync(connection, campaignId),
        };
    }

    public async Task<IReadOnlyDictionary<long, long>> RulesVersionsAsync(long[] campaignIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, long Version)>(
            "SELECT id, rules_version FROM campaigns WHERE id = ANY(@campaignIds)", new { campaignIds });
        return rows.ToDictionary(r => r.Id, r => r.Version);
    }

    /// <summary>Campaigns whose vote streams the flusher drains: every one not archived.</summary>
    public async Task<IReadOnlyList<CampaignShards>> FlushableAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CampaignShards>(
            "SELECT id, redis_shards AS RedisShards FROM campaigns WHERE status <> 'archived' ORDER BY id");
        return rows.AsList();
    }

    private sealed record CampaignRow(
        long Id, string Slug, string Name, string TimeZone, DateTime VoteStartsAt, DateTime VoteEndsAt, int DailyVoteLimit,
        int PerCandidateDailyLimit, bool ShowLiveCounts, int RedisShards, string Status, long RulesVersion);
}
