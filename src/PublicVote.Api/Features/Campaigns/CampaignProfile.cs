using Dapper;
using Npgsql;
using PublicVote.Api.Features.Phases;

namespace PublicVote.Api.Features.Campaigns;

public sealed record DistrictEntry(long Id, string Code, string Name);

/// <summary>
/// What the public campaign page and the objection form need beyond the vote rules: who runs the campaign, its
/// phases with the organizer's override, its districts, and the per-category daily limit. Cached with the rules.
/// </summary>
public sealed record CampaignProfile(
    string? Organizer, bool PublicVote, int? PerCategoryDailyLimit, PhaseTimeline Timeline, IReadOnlyList<DistrictEntry> Districts)
{
    public static readonly CampaignProfile Empty = new(null, true, null, PhaseTimeline.Empty, []);

    public static async Task<CampaignProfile> LoadAsync(NpgsqlConnection connection, long campaignId)
    {
        var row = await connection.QuerySingleAsync<(string? Organizer, bool PublicVote, int? PerCategory)>(
            "SELECT organizer, public_vote, per_category_daily_limit FROM campaigns WHERE id = @campaignId", new { campaignId });
        var phases = await PhaseRows.LoadAsync(connection, campaignId);
        var districts = await connection.QueryAsync<DistrictEntry>(
            "SELECT id, code, name FROM districts WHERE campaign_id = @campaignId ORDER BY sort_order, id", new { campaignId });
        return new CampaignProfile(row.Organizer, row.PublicVote, row.PerCategory, phases?.Timeline ?? PhaseTimeline.Empty, districts.AsList());
    }
}
