using System.Text.Json;
using Dapper;
using Npgsql;

namespace PublicVote.Api.Features.Campaigns.Definition;

/// <summary>
/// Inserts a validated definition inside the caller's transaction. Child rows go in one statement per table,
/// passed as a jsonb array and joined to their parents by code, so a campaign costs a dozen round trips at most.
/// </summary>
internal static class CampaignDefinitionWriter
{
    private static readonly JsonSerializerOptions Rows = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<long> InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CampaignDefinition d, int redisShards)
    {
        var vote = d.Phases.FirstOrDefault(p => p.Kind == PhaseKind.Vote);
        var firstStart = d.Phases.Min(p => p.StartsAt);
        var rules = d.VoteRules;
        var photos = d.Nomination?.Photos;
        var campaignId = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO campaigns (slug, name, organizer, time_zone, public_vote, vote_starts_at, vote_ends_at,
                                   daily_vote_limit, per_candidate_daily_limit, per_category_daily_limit, show_live_counts,
                                   redis_shards, photos_min, photos_max, photo_min_bytes, photo_max_bytes, material_chars)
            VALUES (@Slug, @Name, @Organizer, @TimeZone, @publicVote, @voteStarts, @voteEnds, @daily, @perCandidate,
                    @perCategory, @showLive, @redisShards, @photosMin, @photosMax, @photoMinBytes, @photoMaxBytes, @materialChars)
            RETURNING id
            """, new
        {
            d.Slug,
            d.Name,
            d.Organizer,
            d.TimeZone,
            publicVote = vote is not null,
            // Without a public vote the hot path still reads a window: an empty one just before the campaign.
            voteStarts = (vote?.StartsAt ?? firstStart.AddSeconds(-1)).ToUniversalTime(),
            voteEnds = (vote?.EndsAt ?? firstStart).ToUniversalTime(),
            daily = rules?.DailyVotesPerVoter ?? 1,
            perCandidate = rules?.PerCandidatePerDay ?? 1,
            perCategory = rules?.PerCategoryPerDay,
            showLive = rules?.ShowLiveCounts ?? false,
            redisShards,
            photosMin = photos?.Min,
            photosMax = photos?.Max,
            photoMinBytes = photos?.MinBytes,
            photoMaxBytes = photos?.MaxBytes,
            materialChars = d.Nomination?.MaterialChars,
        }, transaction);
        var run = new Batch(connection, transaction, campaignId);
        await run.ExecuteAsync("""
            INSERT INTO campaign_phases (campaign_id, phase, name, starts_at, ends_at, objections_until)
            SELECT @campaignId, r.phase, r.name, r.starts_at, r.ends_at, r.objections_until
              FROM jsonb_to_recordset(@rows::jsonb)
                   AS r(phase text, name text, starts_at timestamptz, ends_at timestamptz, objections_until timestamptz)
            """, d.Phases.Select(p => new { Phase = CampaignDefinitionJson.WireName(p.Kind), p.Name, p.StartsAt, p.EndsAt, p.ObjectionsUntil }));
        await run.ExecuteAsync("""
            INSERT INTO categories (campaign_id, code, name, kind, sort_order, award_quota, per_unit_limit)
            SELECT @campaignId, r.code, r.name, r.kind, r.sort_order, r.award_quota, r.per_unit_limit
              FROM jsonb_to_recordset(@rows::jsonb)
                   AS r(code text, name text, kind text, sort_order int, award_quota int, per_unit_limit int)
            """, d.Categories.Select((c, i) => new { c.Code, c.Name, c.Kind, SortOrder = i + 1, c.AwardQuota, c.PerUnitLimit }));
        await run.ExecuteAsync("""
            INSERT INTO category_form_fields (category_id, position, key, label, type, required, max_length, options)
            SELECT c.id, r.position, r.key, r.label, r.type, r.required, r.max_length,
                   CASE WHEN r.options IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(r.options)) END
              FROM jsonb_to_recordset(@rows::jsonb)
                   AS r(category text, position int, key text, label text, type text, required boolean, max_length int, options jsonb)
              JOIN categories c ON c.campaign_id = @campaignId AND c.code = r.category
            """, d.Categories.SelectMany(c => c.FormFields.Select((f, i) => new
        {
            Category = c.Code, Position = i + 1, f.Key, f.Label, f.Type, f.Required, f.MaxLength, f.Options,
        })));
        await run.ExecuteAsync("""
            INSERT INTO districts (campaign_id, code, name, sort_order)
            SELECT @campaignId, r.code, r.name, r.sort_order
              FROM jsonb_to_recordset(@rows::jsonb) AS r(code text, name text, sort_order int)
            """, d.Districts.Select((x, i) => new { x.Code, x.Name, SortOrder = i + 1 }));
        await run.ExecuteAsync("""
            INSERT INTO district_quotas (district_id, category_id, recommend, award)
            SELECT dd.id, c.id, r.recommend, r.award
              FROM jsonb_to_recordset(@rows::jsonb) AS r(district text, category text, recommend int, award int)
              JOIN districts dd ON dd.campaign_id = @campaignId AND dd.code = r.district
              JOIN categories c ON c.campaign_id = @campaignId AND c.code = r.category
            """, d.Districts.SelectMany(x => x.Quotas.Select(q => new { District = x.Code, Category = q.Key, q.Value.Recommend, q.Value.Award })));
        await run.ExecuteAsync("""
            INSERT INTO score_sources (campaign_id, position, code, name, kind, weight, normalisation)
            SELECT @campaignId, r.position, r.code, r.name, r.kind, r.weight, r.normalisation
              FROM jsonb_to_recordset(@rows::jsonb) AS r(position int, code text, name text, kind text, weight int, normalisation text)
            """, d.Scoring.Select((s, i) => new { Position = i + 1, s.Code, s.Name, s.Kind, s.Weight, s.Normalisation }));
        if (d.Rubric is { } rubric)
        {
            await InsertRubricAsync(run, rubric);
        }
        return campaignId;
    }

    private static async Task InsertRubricAsync(Batch run, RubricDefinition rubric)
    {
        await run.Connection.ExecuteAsync("""
            INSERT INTO rubrics (campaign_id, total, bonus_name, bonus_description, bonus_per_occurrence, bonus_max, aggregation)
            VALUES (@campaignId, @Total, @bonusName, @bonusDescription, @bonusPerOccurrence, @bonusMax, @Aggregation)
            """, new
        {
            campaignId = run.CampaignId,
            rubric.Total,
            rubric.Aggregation,
            bonusName = rubric.Bonus?.Name,
            bonusDescription = rubric.Bonus?.Description,
            bonusPerOccurrence = rubric.Bonus?.PerOccurrence,
            bonusMax = rubric.Bonus?.Max,
        }, run.Transaction);
        var position = 0;
        var items = rubric.Items.SelectMany(i => i.SubItems
            .Select(s => new RubricRow(0, s.Code, i.Code, s.Name, s.Description, s.MaxScore))
            .Prepend(new RubricRow(0, i.Code, null, i.Name, i.Description, i.MaxScore)))
            .Select(r => r with { Position = ++position })
            .ToArray();
        await run.ExecuteAsync("""
            INSERT INTO rubric_items (campaign_id, position, code, parent_code, name, description, max_score)
            SELECT @campaignId, r.position, r.code, r.parent_code, r.name, r.description, r.max_score
              FROM jsonb_to_recordset(@rows::jsonb)
                   AS r(position int, code text, parent_code text, name text, description text, max_score int)
            """, items);
        await run.ExecuteAsync("""
            INSERT INTO rubric_vetoes (campaign_id, position, code, name, description)
            SELECT @campaignId, r.position, r.code, r.name, r.description
              FROM jsonb_to_recordset(@rows::jsonb) AS r(position int, code text, name text, description text)
            """, rubric.Vetoes.Select((v, i) => new { Position = i + 1, v.Code, v.Name, v.Description }));
    }

    private sealed record RubricRow(int Position, string Code, string? ParentCode, string Name, string? Description, int MaxScore);

    private sealed record Batch(NpgsqlConnection Connection, NpgsqlTransaction Transaction, long CampaignId)
    {
        public Task ExecuteAsync<T>(string sql, IEnumerable<T> rows) => Connection.ExecuteAsync(
            sql, new { campaignId = CampaignId, rows = JsonSerializer.Serialize(rows, Rows) }, Transaction);
    }
}
