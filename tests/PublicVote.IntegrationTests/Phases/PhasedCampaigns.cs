using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.Phases;

/// <param name="Window">Approved, active 优质服务窗口 candidates; <paramref name="Star"/> the 服务明星 ones.</param>
/// <param name="Submitted">A nomination not yet approved (not on the public list); <paramref name="Withdrawn"/> one withdrawn.</param>
public sealed record PhasedCampaign(
    long Id, long WindowCategory, long StarCategory, long[] Window, long[] Star, long Submitted, long Withdrawn,
    IReadOnlyList<PhaseDefinition> Phases)
{
    public PhaseDefinition Phase(PhaseKind kind) => Phases.Single(p => p.Kind == kind);
}

/// <summary>The Jingmen 2019 sample (six phases, two categories, four districts) moved in time around the test clock.</summary>
public static class PhasedCampaigns
{
    /// <summary>Imported so that the clock's now is one day into <paramref name="current"/>; every phase keeps its length.</summary>
    public static async Task<PhasedCampaign> CreateAsync(
        PublicVoteFactory factory, PhaseKind current, int? perCategoryPerDay = null, TimeSpan? reviewObjectionsFor = null)
    {
        var sample = CampaignDefinitionJson.Read(await SampleFiles.ReadAsync("jingmen-2019.json"));
        var shift = factory.Clock.GetUtcNow().AddDays(-1) - sample.Phases.Single(p => p.Kind == current).StartsAt;
        var phases = sample.Phases.Select(p => p with
        {
            StartsAt = p.StartsAt + shift,
            EndsAt = p.EndsAt + shift,
            ObjectionsUntil = p.Kind == PhaseKind.Review && reviewObjectionsFor is { } open ? p.StartsAt + shift + open : p.ObjectionsUntil + shift,
        }).ToArray();
        var definition = sample with
        {
            Slug = "p-" + Guid.NewGuid().ToString("N")[..16],
            Phases = phases,
            VoteRules = sample.VoteRules! with { PerCategoryPerDay = perCategoryPerDay },
        };
        var id = await factory.Services.GetRequiredService<CampaignDefinitionService>().ImportAsync(definition);
        await using var db = await factory.Db.OpenConnectionAsync();
        var categories = (await db.QueryAsync<(string Code, long Id)>("SELECT code, id FROM categories WHERE campaign_id = @id", new { id }))
            .ToDictionary(c => c.Code, c => c.Id);
        async Task<long> Candidate(string category, int number, string review = "approved", string status = "active") =>
            await db.ExecuteScalarAsync<long>("""
                INSERT INTO candidates (campaign_id, category_id, district_id, number, name, review_status, status)
                SELECT @id, @category, d.id, @number, @name, @review, @status FROM districts d WHERE d.campaign_id = @id AND d.code = 'city'
                RETURNING id
                """, new { id, category = categories[category], number = number.ToString("D3", CultureInfo.InvariantCulture), name = $"候选 {number}", review, status });
        var window = new[] { await Candidate("window", 1), await Candidate("window", 2), await Candidate("window", 3) };
        var star = new[] { await Candidate("star", 11), await Candidate("star", 12), await Candidate("star", 13) };
        var submitted = await Candidate("window", 21, review: "submitted");
        var withdrawn = await Candidate("star", 22, status: "withdrawn");
        return new PhasedCampaign(id, categories["window"], categories["star"], window, star, submitted, withdrawn, phases);
    }

    public static Task<HttpResponseMessage> ChangeAsync(HttpClient organizer, long campaignId, string action, string? phase = null, string? reason = "公示期延长：等待复核结果") =>
        organizer.PostAsJsonAsync($"/api/admin/campaigns/{campaignId}/phase/{action}", new { phase, reason });

    public static async Task<JsonElement> CampaignAsync(HttpClient client, long campaignId) =>
        await ProblemAssert.IsOkAsync<JsonElement>(await client.GetAsync($"/api/v1/campaigns/{campaignId}"));

    /// <summary>The public campaign's current phase kind as the (cached) API serves it, or null.</summary>
    public static async Task<string?> PhaseAsync(HttpClient client, long campaignId)
    {
        var phase = (await CampaignAsync(client, campaignId)).GetProperty("phase");
        return phase.ValueKind == JsonValueKind.Null ? null : phase.GetProperty("kind").GetString();
    }
}
