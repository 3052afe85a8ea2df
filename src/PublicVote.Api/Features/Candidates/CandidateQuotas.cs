using Dapper;
using Npgsql;

namespace PublicVote.Api.Features.Candidates;

/// <summary>Which limit a nomination would break: the district's recommend quota or the unit's per-category limit.</summary>
public sealed record QuotaBreach(string Kind, long CategoryId, string CategoryName, long? DistrictId, string? DistrictName, string? UnitName, int Limit, int Used)
{
    public const string District = "district";
    public const string Unit = "unit";

    public string Describe() => Kind == District
        ? $"{DistrictName} may recommend at most {Limit} in {CategoryName} (名额分配表); {Used} already count."
        : $"The unit '{UnitName}' may have at most {Limit} in {CategoryName}; {Used} already count.";
}

/// <summary>
/// Quotas at submission (docs/candidates.md). A candidate counts against them unless rejected or withdrawn (a
/// disqualified one keeps its place: fraud does not free a slot). Every check runs after
/// <see cref="LockCategoriesAsync"/> in the same transaction, so concurrent submissions to one category are
/// counted one after the other and the first one over the limit is refused.
/// </summary>
internal static class CandidateQuotas
{
    private const string Counts = "review_status <> 'rejected' AND status <> 'withdrawn'";

    /// <summary>Transaction-scoped locks, one per (campaign, category), taken in ascending order so importers cannot deadlock.</summary>
    public static async Task LockCategoriesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, IEnumerable<long> categoryIds)
    {
        foreach (var categoryId in categoryIds.Distinct().Order())
        {
            await connection.ExecuteAsync(
                "SELECT pg_advisory_xact_lock(hashtextextended('publicvote.nomination:' || @campaignId || ':' || @categoryId, 0))",
                new { campaignId, categoryId }, transaction);
        }
    }

    /// <summary>The first limit the drafts break, in order, on top of what is stored (less <paramref name="exceptCandidateId"/>).</summary>
    public static async Task<List<(int Index, QuotaBreach Breach)>> CheckAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        NominationRules rules, IReadOnlyList<CandidateDraft> drafts, long exceptCandidateId = 0)
    {
        var districtUsed = (await connection.QueryAsync<(long CategoryId, long DistrictId, int Used)>($"""
            SELECT category_id, district_id, count(*)::int FROM candidates
             WHERE campaign_id = @CampaignId AND district_id IS NOT NULL AND id <> @exceptCandidateId AND {Counts}
             GROUP BY category_id, district_id
            """, new { rules.CampaignId, exceptCandidateId }, transaction)).ToDictionary(r => (r.CategoryId, r.DistrictId), r => r.Used);
        var unitNames = drafts.Where(d => d.UnitName is not null).Select(d => d.UnitName!).Distinct().ToArray();
        var unitUsed = (await connection.QueryAsync<(long CategoryId, string UnitName, int Used)>($"""
            SELECT category_id, unit_name, count(*)::int FROM candidates
             WHERE campaign_id = @CampaignId AND unit_name = ANY(@unitNames) AND id <> @exceptCandidateId AND {Counts}
             GROUP BY category_id, unit_name
            """, new { rules.CampaignId, unitNames, exceptCandidateId }, transaction)).ToDictionary(r => (r.CategoryId, r.UnitName), r => r.Used);

        var breaches = new List<(int, QuotaBreach)>();
        for (var i = 0; i < drafts.Count; i++)
        {
            var draft = drafts[i];
            var category = rules.Category(draft.CategoryId)!;
            var district = draft.DistrictId is { } districtId ? rules.District(districtId) : null;
            var breach = (QuotaBreach?)null;
            if (district is not null && district.Recommend.TryGetValue(category.Id, out var quota))
            {
                var used = districtUsed.GetValueOrDefault((category.Id, district.Id));
                if (used >= quota)
                {
                    breach = new QuotaBreach(QuotaBreach.District, category.Id, category.Name, district.Id, district.Name, null, quota, used);
                }
            }
            if (breach is null && category.PerUnitLimit is { } limit && draft.UnitName is { } unit)
            {
                var used = unitUsed.GetValueOrDefault((category.Id, unit));
                if (used >= limit)
                {
                    breach = new QuotaBreach(QuotaBreach.Unit, category.Id, category.Name, null, null, unit, limit, used);
                }
            }
            if (breach is not null)
            {
                breaches.Add((i, breach));
                continue;
            }
            if (district is not null)
            {
                districtUsed[(category.Id, district.Id)] = districtUsed.GetValueOrDefault((category.Id, district.Id)) + 1;
            }
            if (draft.UnitName is { } counted)
            {
                unitUsed[(category.Id, counted)] = unitUsed.GetValueOrDefault((category.Id, counted)) + 1;
            }
        }
        return breaches;
    }
}
