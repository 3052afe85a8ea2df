using Dapper;
using Npgsql;
using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Phases;

/// <summary>A campaign's phase timeline and vote window as stored (campaign_phases and the campaigns override columns).</summary>
public sealed record StoredPhases(PhaseTimeline Timeline, VoteWindow VoteWindow);

internal static class PhaseRows
{
    /// <param name="forUpdate">Lock the campaign row, so that concurrent phase changes are applied one after the other.</param>
    public static async Task<StoredPhases?> LoadAsync(
        NpgsqlConnection connection, long campaignId, NpgsqlTransaction? transaction = null, bool forUpdate = false)
    {
        var campaign = await connection.QuerySingleOrDefaultAsync<CampaignRow>($"""
            SELECT phase_override_mode AS Mode, phase_override_phase AS Phase, phase_override_at AS OverrideAt,
                   vote_starts_at AS VoteStartsAt, vote_ends_at AS VoteEndsAt
              FROM campaigns WHERE id = @campaignId {(forUpdate ? "FOR UPDATE" : "")}
            """, new { campaignId }, transaction);
        if (campaign is null)
        {
            return null;
        }
        var phases = (await connection.QueryAsync<PhaseRow>("""
            SELECT phase, name, starts_at AS StartsAt, ends_at AS EndsAt, objections_until AS ObjectionsUntil
              FROM campaign_phases WHERE campaign_id = @campaignId
            """, new { campaignId }, transaction))
            .Select(p => new PhaseEntry(PhaseNames.Parse(p.Phase), p.Name, Utc(p.StartsAt), Utc(p.EndsAt), p.ObjectionsUntil is { } u ? Utc(u) : null))
            .OrderBy(p => p.Kind)
            .ToArray();
        var phaseOverride = campaign.Mode is null
            ? null
            : new PhaseOverride(campaign.Mode == "hold" ? PhaseOverrideMode.Hold : PhaseOverrideMode.Advance, PhaseNames.Parse(campaign.Phase!));
        return new StoredPhases(
            new PhaseTimeline(phases, phaseOverride, campaign.OverrideAt is { } at ? Utc(at) : null),
            new VoteWindow(Utc(campaign.VoteStartsAt), Utc(campaign.VoteEndsAt)));
    }

    /// <summary>Stores an override and the vote window that goes with it; the campaigns trigger bumps rules_version.</summary>
    public static Task SaveAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long campaignId, PhaseOverride? phaseOverride,
        DateTimeOffset now, VoteWindow window) =>
        connection.ExecuteAsync("""
            UPDATE campaigns
               SET phase_override_mode = @mode, phase_override_phase = @phase, phase_override_at = @at,
                   vote_starts_at = @startsAt, vote_ends_at = @endsAt
             WHERE id = @campaignId
            """, new
        {
            campaignId,
            mode = phaseOverride is null ? null : phaseOverride.Mode == PhaseOverrideMode.Hold ? "hold" : "advance",
            phase = phaseOverride is null ? null : PhaseNames.Of(phaseOverride.Phase),
            at = phaseOverride is null ? (DateTime?)null : now.UtcDateTime,
            // DateTimeOffset.MaxValue travels as PostgreSQL 'infinity' (Npgsql's default mapping) and comes back as it.
            startsAt = window.StartsAt.UtcDateTime,
            endsAt = window.EndsAt.UtcDateTime,
        }, transaction);

    /// <summary>A timestamptz read by Npgsql as an instant; <c>infinity</c> comes as DateTime.MaxValue of no particular kind.</summary>
    public static DateTimeOffset Utc(DateTime value) =>
        value == DateTime.MaxValue ? VoteWindow.Never : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record CampaignRow(string? Mode, string? Phase, DateTime? OverrideAt, DateTime VoteStartsAt, DateTime VoteEndsAt);

    private sealed record PhaseRow(string Phase, string Name, DateTime StartsAt, DateTime EndsAt, DateTime? ObjectionsUntil);
}
