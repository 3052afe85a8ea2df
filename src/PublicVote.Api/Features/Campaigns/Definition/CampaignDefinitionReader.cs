using Dapper;
using Npgsql;

namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>Reads a stored campaign back into a definition; instants come out in the campaign's time zone.</summary>
internal static class CampaignDefinitionReader
{
    public static async Task<CampaignDefinition?> LoadAsync(NpgsqlConnection connection, long campaignId)
    {
        var args = new { campaignId };
        var c = await connection.QuerySingleOrDefaultAsync<CampaignRow>("""
            SELECT slug, name, organizer, time_zone AS TimeZone, public_vote AS PublicVote, daily_vote_limit AS DailyVoteLimit,
                   per_candidate_daily_limit AS PerCandidateDailyLimit, per_category_daily_limit AS PerCategoryDailyLimit,
                   show_live_counts AS ShowLiveCounts, photos_min AS PhotosMin, photos_max AS PhotosMax,
                   photo_min_bytes AS PhotoMinBytes, photo_max_bytes AS PhotoMaxBytes, material_chars AS MaterialChars
              FROM campaigns WHERE id = @campaignId
            """, args);
        if (c is null)
        {
            return null;
        }
        var zone = TimeZoneInfo.FindSystemTimeZoneById(c.TimeZone);
        DateTimeOffset Local(DateTime utc) => TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone);
        var phases = (await connection.QueryAsync<PhaseRow>(
            "SELECT phase, name, starts_at AS StartsAt, ends_at AS EndsAt, objections_until AS ObjectionsUntil FROM campaign_phases WHERE campaign_id = @campaignId", args))
            .Select(p => new PhaseDefinition
            {
                Kind = CampaignDefinitionJson.ParseWireName<PhaseKind>(p.Phase),
                Name = p.Name,
                StartsAt = Local(p.StartsAt),
                EndsAt = Local(p.EndsAt),
                ObjectionsUntil = p.ObjectionsUntil is { } until ? Local(until) : null,
            })
            .OrderBy(p => p.Kind)
            .ToArray();
        var photos = c.PhotosMin is { } min ? new PhotoRules(min, c.PhotosMax!.Value, c.PhotoMinBytes!.Value, c.PhotoMaxBytes!.Value) : null;
        return new CampaignDefinition
        {
            Slug = c.Slug,
            Name = c.Name,
            Organizer = c.Organizer,
            TimeZone = c.TimeZone,
            Phases = phases,
            Categories = await LoadCategoriesAsync(connection, campaignId),
            Districts = await LoadDistrictsAsync(connection, campaignId),
            VoteRules = c.PublicVote
                ? new VoteRulesDefinition
                {
                    DailyVotesPerVoter = c.DailyVoteLimit,
                    PerCandidatePerDay = c.PerCandidateDailyLimit,
                    PerCategoryPerDay = c.PerCategoryDailyLimit,
                    ShowLiveCounts = c.ShowLiveCounts,
                }
                : null,
            Nomination = photos is null && c.MaterialChars is null ? null : new NominationDefinition { Photos = photos, MaterialChars = c.MaterialChars },
            Scoring = (await connection.QueryAsync<ScoreSourceDefinition>(
                "SELECT code, name, kind, weight, normalisation FROM score_sources WHERE campaign_id = @campaignId ORDER BY position", args)).AsList(),
            Rubric = await LoadRubricAsync(connection, campaignId),
        };
    }

    private static async Task<IReadOnlyList<CategoryDefinition>> LoadCategoriesAsync(NpgsqlConnection connection, long campaignId)
    {
        var categories = await connection.QueryAsync<CategoryRow>("""
            SELECT id, code, name, kind, award_quota AS AwardQuota, per_unit_limit AS PerUnitLimit FROM categories
             WHERE campaign_id = @campaignId ORDER BY sort_order, id
            """, new { campaignId });
        var fields = (await connection.QueryAsync<FieldRow>("""
            SELECT f.category_id AS CategoryId, f.key, f.label, f.type, f.required, f.max_length AS MaxLength, f.options
              FROM category_form_fields f JOIN categories c ON c.id = f.category_id
             WHERE c.campaign_id = @campaignId ORDER BY f.position
            """, new { campaignId })).ToLookup(f => f.CategoryId);
        return categories.Select(k => new CategoryDefinition
        {
            Code = k.Code,
            Name = k.Name,
            Kind = k.Kind,
            AwardQuota = k.AwardQuota,
            PerUnitLimit = k.PerUnitLimit,
            FormFields = fields[k.Id].Select(f => new FormField
            {
                Key = f.Key, Label = f.Label, Type = f.Type, Required = f.Required, MaxLength = f.MaxLength, Options = f.Options,
            }).ToArray(),
        }).ToArray();
    }

    private static async Task<IReadOnlyList<DistrictDefinition>> LoadDistrictsAsync(NpgsqlConnection connection, long campaignId)
    {
        var districts = await connection.QueryAsync<(long Id, string Code, string Name)>(
            "SELECT id, code, name FROM districts WHERE campaign_id = @campaignId ORDER BY sort_order, id", new { campaignId });
        var quotas = (await connection.QueryAsync<(long DistrictId, string Category, int Recommend, int Award)>("""
            SELECT q.district_id, c.code, q.recommend, q.award
              FROM district_quotas q JOIN categories c ON c.id = q.category_id
             WHERE c.campaign_id = @campaignId ORDER BY c.sort_order, c.id
            """, new { campaignId })).ToLookup(q => q.DistrictId);
        return districts.Select(x => new DistrictDefinition
        {
            Code = x.Code,
            Name = x.Name,
            Quotas = quotas[x.Id].ToDictionary(q => q.Category, q => new Quota(q.Recommend, q.Award), StringComparer.Ordinal),
        }).ToArray();
    }

    internal static async Task<RubricDefinition?> LoadRubricAsync(NpgsqlConnection connection, long campaignId)
    {
        var rubric = await connection.QuerySingleOrDefaultAsync<RubricRow>("""
            SELECT total, bonus_name AS BonusName, bonus_description AS BonusDescription,
                   bonus_per_occurrence AS BonusPerOccurrence, bonus_max AS BonusMax, aggregation FROM rubrics WHERE campaign_id = @campaignId
            """, new { campaignId });
        if (rubric is null)
        {
            return null;
        }
        var rows = (await connection.QueryAsync<ItemRow>("""
            SELECT code, parent_code AS ParentCode, name, description, max_score AS MaxScore FROM rubric_items WHERE campaign_id = @campaignId ORDER BY position
            """, new { campaignId })).AsList();
        var vetoes = await connection.QueryAsync<RubricVeto>(
            "SELECT code, name, description FROM rubric_vetoes WHERE campaign_id = @campaignId ORDER BY position", new { campaignId });
        return new RubricDefinition
        {
            Total = rubric.Total,
            Items = rows.Where(r => r.ParentCode is null).Select(r => new RubricItem
            {
                Code = r.Code,
                Name = r.Name,
                Description = r.Description,
                MaxScore = r.MaxScore,
                SubItems = rows.Where(s => s.ParentCode == r.Code)
                    .Select(s => new RubricSubItem { Code = s.Code, Name = s.Name, Description = s.Description, MaxScore = s.MaxScore })
                    .ToArray(),
            }).ToArray(),
            Bonus = rubric.BonusName is null ? null : new RubricBonus
            {
                Name = rubric.BonusName, Description = rubric.BonusDescription, PerOccurrence = rubric.BonusPerOccurrence!.Value, Max = rubric.BonusMax!.Value,
            },
            Vetoes = vetoes.AsList(),
            Aggregation = rubric.Aggregation,
        };
    }

private sealed record CampaignRow(
        string Slug, string Name, string? Organizer, string TimeZone, bool PublicVote, int DailyVoteLimit,
        int PerCandidateDailyLimit, int? PerCategoryDailyLimit, bool ShowLiveCounts, int? PhotosMin, int? PhotosMax,
        int? PhotoMinBytes, int? PhotoMaxBytes, int? MaterialChars);

    private sealed record PhaseRow(string Phase, string Name, DateTime StartsAt, DateTime EndsAt, DateTime? ObjectionsUntil);

    private sealed record CategoryRow(long Id, string Code, string Name, string Kind, int? AwardQuota, int? PerUnitLimit);

    private sealed record RubricRow(int Total, string? BonusName, string? BonusDescription, int? BonusPerOccurrence, int? BonusMax, string? Aggregation);

    private sealed record ItemRow(string Code, string? ParentCode, string Name, string? Description, int MaxScore);
}
