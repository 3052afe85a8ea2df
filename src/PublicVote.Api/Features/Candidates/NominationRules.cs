using Dapper;
using Npgsql;
using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Candidates;

public sealed record FormFieldRule(string Key, string Label, string Type, bool Required, int? MaxLength, IReadOnlyList<string> Options);

public sealed record CategoryRule(long Id, string Code, string Name, string Kind, int? PerUnitLimit, IReadOnlyList<FormFieldRule> Fields);

/// <param name="Recommend">Per category id: how many candidates the district may recommend (名额分配表); absent = no quota.</param>
public sealed record DistrictRule(long Id, string Code, string Name, IReadOnlyDictionary<long, int> Recommend);

/// <summary>What a nomination is checked against: the campaign's categories with their forms, its districts and quotas, and its material and photo rules.</summary>
public sealed record NominationRules(
    long CampaignId, int? MaterialChars, int? PhotosMin, int? PhotosMax, int? PhotoMinBytes, int? PhotoMaxBytes,
    IReadOnlyList<CategoryRule> Categories, IReadOnlyList<DistrictRule> Districts)
{
    public CategoryRule? Category(long id) => Categories.FirstOrDefault(c => c.Id == id);

    public DistrictRule? District(long id) => Districts.FirstOrDefault(d => d.Id == id);

    public static async Task<NominationRules?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long campaignId)
    {
        var args = new { campaignId };
        var campaign = await connection.QuerySingleOrDefaultAsync<CampaignRow>("""
            SELECT material_chars AS MaterialChars, photos_min AS PhotosMin, photos_max AS PhotosMax,
                   photo_min_bytes AS PhotoMinBytes, photo_max_bytes AS PhotoMaxBytes
              FROM campaigns WHERE id = @campaignId
            """, args, transaction);
        if (campaign is null)
        {
            return null;
        }
        var fields = (await connection.QueryAsync<FieldRow>("""
            SELECT f.category_id AS CategoryId, f.key, f.label, f.type, f.required, f.max_length AS MaxLength, f.options
              FROM category_form_fields f JOIN categories k ON k.id = f.category_id
             WHERE k.campaign_id = @campaignId ORDER BY f.category_id, f.position
            """, args, transaction)).ToLookup(f => f.CategoryId);
        var categories = (await connection.QueryAsync<CategoryRow>("""
            SELECT id, code, name, kind, per_unit_limit AS PerUnitLimit FROM categories
             WHERE campaign_id = @campaignId ORDER BY sort_order, id
            """, args, transaction))
            .Select(k => new CategoryRule(k.Id, k.Code, k.Name, k.Kind, k.PerUnitLimit,
                fields[k.Id].Select(f => new FormFieldRule(f.Key, f.Label, f.Type, f.Required, f.MaxLength, f.Options ?? [])).ToArray()))
            .ToArray();
        var quotas = (await connection.QueryAsync<QuotaRow>("""
            SELECT q.district_id AS DistrictId, q.category_id AS CategoryId, q.recommend
              FROM district_quotas q JOIN districts d ON d.id = q.district_id WHERE d.campaign_id = @campaignId
            """, args, transaction)).ToLookup(q => q.DistrictId);
        var districts = (await connection.QueryAsync<DistrictRow>(
            "SELECT id, code, name FROM districts WHERE campaign_id = @campaignId ORDER BY sort_order, id", args, transaction))
            .Select(d => new DistrictRule(d.Id, d.Code, d.Name, quotas[d.Id].ToDictionary(q => q.CategoryId, q => q.Recommend)))
            .ToArray();
        return new NominationRules(campaignId, campaign.MaterialChars, campaign.PhotosMin, campaign.PhotosMax,
            campaign.PhotoMinBytes, campaign.PhotoMaxBytes, categories, districts);
    }

    private sealed record CampaignRow(int? MaterialChars, int? PhotosMin, int? PhotosMax, int? PhotoMinBytes, int? PhotoMaxBytes);

    private sealed record CategoryRow(long Id, string Code, string Name, string Kind, int? PerUnitLimit);

    private sealed record DistrictRow(long Id, string Code, string Name);

    private sealed record QuotaRow(long DistrictId, long CategoryId, int Recommend);
}
