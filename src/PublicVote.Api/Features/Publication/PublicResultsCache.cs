using System.Collections.Concurrent;
using Dapper;
using Npgsql;
using PublicVote.Api.Features.Campaigns.Definition;

namespace PublicVote.Api.Features.Publication;

/// <summary>Why a campaign shows no public result right now.</summary>
public enum PublicResultsAbsence
{
    None,
    NoCampaign,
    NotInResultsPhase,
    NotPublished,
}

public sealed record PublicResultsAnswer(PublicResultsAbsence Absence, PublicResults? Results);

/// <summary>
/// The public results page per campaign, kept ~5 s in process: a result page is opened by many people at once
/// after the organizer's account pushes it. Publishing on this node drops its entry at once; other nodes follow
/// within the 5 s.
/// </summary>
public sealed class PublicResultsCache(NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<long, (DateTimeOffset At, PublicResultsAnswer Answer)> _entries = new();

    public async Task<PublicResultsAnswer> GetAsync(long campaignId)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(campaignId, out var entry) && now - entry.At < KeepFor)
        {
            return entry.Answer;
        }
        var answer = await LoadAsync(campaignId, now);
        _entries[campaignId] = (now, answer);
        return answer;
    }

    public void Forget(long campaignId) => _entries.TryRemove(campaignId, out _);

    private async Task<PublicResultsAnswer> LoadAsync(long campaignId, DateTimeOffset now)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var c = await connection.QuerySingleOrDefaultAsync<OverrideRow>(
            "SELECT phase_override_mode AS Mode, phase_override_phase AS Phase FROM campaigns WHERE id = @campaignId", new { campaignId });
        if (c is null)
        {
            return new(PublicResultsAbsence.NoCampaign, null);
        }
        var phases = (await connection.QueryAsync<(string Phase, DateTime StartsAt, DateTime EndsAt)>(
                "SELECT phase, starts_at, ends_at FROM campaign_phases WHERE campaign_id = @campaignId", new { campaignId }))
            .Select(p => new PhaseWindow(Kind(p.Phase), Utc(p.StartsAt), Utc(p.EndsAt)))
            .ToArray();
        var phaseOverride = c.Mode is null ? null
            : new PhaseOverride(c.Mode == "hold" ? PhaseOverrideMode.Hold : PhaseOverrideMode.Advance, Kind(c.Phase!));
        if (!ShowsResults(PhaseClock.At(phases, phaseOverride, now), phases.Length))
        {
            return new(PublicResultsAbsence.NotInResultsPhase, null);
        }
        if (await PublicationRepository.LatestAsync(connection, null, campaignId) is not { } latest)
        {
            return new(PublicResultsAbsence.NotPublished, null);
        }
        var ids = latest.Result.Categories.SelectMany(k => k.Lines.Select(l => l.CandidateId)).ToArray();
        var thumbs = (await connection.QueryAsync<(long CandidateId, string Thumb)>("""
            SELECT DISTINCT ON (candidate_id) candidate_id, thumb_sha256 FROM candidate_photos
             WHERE candidate_id = ANY(@ids) ORDER BY candidate_id, position
            """, new { ids })).ToDictionary(t => t.CandidateId, t => $"/media/{t.Thumb}.jpg");
        return new(PublicResultsAbsence.None, PublicResultsMapper.ToPublic(latest.Result, latest.View, thumbs));
    }

    /// <summary>During 结果公示 and 命名表彰, and after the campaign's last phase (the winners stay on record).</summary>
    private static bool ShowsResults(PhaseState state, int phaseCount) =>
        state.Current is PhaseKind.ResultsNotice or PhaseKind.Publication
        || (state.Current is null && state.Next is null && phaseCount > 0);

    private static PhaseKind Kind(string wire) => CampaignDefinitionJson.ParseWireName<PhaseKind>(wire);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record OverrideRow(string? Mode, string? Phase);
}
