using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.Phases.PhasedCampaigns;

namespace PublicVote.IntegrationTests.Phases;

public sealed class CampaignPhaseViewTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private readonly HttpClient _public = factory.CreateClient();

    [Fact]
    public async Task ThePublicCampaignShowsOrganizerRulesPhaseScheduleDistrictsAndCategories()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await CreateAsync(factory, PhaseKind.Review, perCategoryPerDay: 3, reviewObjectionsFor: TimeSpan.FromDays(5));

        var body = await CampaignAsync(_public, campaign.Id);

        Assert.StartsWith("中共荆门市精神文明建设指导委员会办公室", body.GetProperty("organizer").GetString());
        Assert.True(body.GetProperty("publicVote").GetBoolean());
        Assert.Equal(3, body.GetProperty("perCategoryDailyLimit").GetInt32());
        var phase = body.GetProperty("phase");
        Assert.Equal(("review", "初审公示", true), (phase.GetProperty("kind").GetString(), phase.GetProperty("name").GetString(), phase.GetProperty("objectionsOpen").GetBoolean()));
        Assert.Equal(campaign.Phase(PhaseKind.Review).StartsAt, phase.GetProperty("startsAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, phase.GetProperty("override").ValueKind);
        var phases = body.GetProperty("phases").EnumerateArray().ToArray();
        Assert.Equal(["nomination", "review", "vote", "expertReview", "resultsNotice", "publication"], phases.Select(p => p.GetProperty("kind").GetString()));
        Assert.Equal(campaign.Phase(PhaseKind.Review).StartsAt.AddDays(5), phases[1].GetProperty("objectionsUntil").GetDateTimeOffset());
        Assert.Equal(campaign.Phase(PhaseKind.ResultsNotice).EndsAt, phases[4].GetProperty("objectionsUntil").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, phases[2].GetProperty("objectionsUntil").ValueKind);
        Assert.Equal(["city", "dongbao", "gaoxin-duodao", "zhanghe"], body.GetProperty("districts").EnumerateArray().Select(d => d.GetProperty("code").GetString()));
        Assert.Equal([("window", "unit"), ("star", "person")],
            body.GetProperty("categories").EnumerateArray().Select(c => (c.GetProperty("code").GetString(), c.GetProperty("kind").GetString())));
    }

    [Fact]
    public async Task ObjectionsCloseAtTheirDeadlineAndThePhaseFollowsTheClock()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await CreateAsync(factory, PhaseKind.Review, reviewObjectionsFor: TimeSpan.FromDays(2));
        Assert.True((await CampaignAsync(_public, campaign.Id)).GetProperty("phase").GetProperty("objectionsOpen").GetBoolean());

        factory.Clock.Set(campaign.Phase(PhaseKind.Review).StartsAt.AddDays(2));
        Assert.False((await CampaignAsync(_public, campaign.Id)).GetProperty("phase").GetProperty("objectionsOpen").GetBoolean());

        factory.Clock.Set(campaign.Phase(PhaseKind.ExpertReview).EndsAt.AddDays(1));
        Assert.Equal("resultsNotice", await PhaseAsync(_public, campaign.Id));
        factory.Clock.Set(campaign.Phase(PhaseKind.Publication).EndsAt);
        Assert.Null(await PhaseAsync(_public, campaign.Id));
    }

    [Fact]
    public async Task TheCampaignIsServedFromTheCacheWhichFollowsRulesVersion()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await CreateAsync(factory, PhaseKind.Review);
        Assert.Equal("市直", DistrictName(await CampaignAsync(_public, campaign.Id)));
        await using var db = await factory.Db.OpenConnectionAsync();
        // The trigger off for a moment: the row changes without a rules_version bump, so a cached page cannot see it.
        await db.ExecuteAsync("""
            ALTER TABLE districts DISABLE TRIGGER districts_rules_version;
            UPDATE districts SET name = '市直单位' WHERE campaign_id = @Id AND code = 'city';
            ALTER TABLE districts ENABLE TRIGGER districts_rules_version;
            """, new { campaign.Id });

        var refreshes = factory.Services.GetRequiredService<Api.Features.Campaigns.CampaignRulesCache>();
        await refreshes.RefreshAsync();
        Assert.Equal("市直", DistrictName(await CampaignAsync(_public, campaign.Id)));

        await db.ExecuteAsync("UPDATE districts SET name = '市直机关' WHERE campaign_id = @Id AND code = 'city'", new { campaign.Id });
        await Eventually.HoldsAsync(async () => DistrictName(await CampaignAsync(_public, campaign.Id)) == "市直机关", "a district change bumps rules_version");
    }

    [Fact]
    public async Task APhaseChangeOnOneNodeReachesAnotherNodeWithinSeconds()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await CreateAsync(factory, PhaseKind.Review);
        await using var other = new OtherNode(factory);
        await ((IAsyncLifetime)other).InitializeAsync();
        using var otherPublic = other.CreateClient();
        Assert.Equal("review", await PhaseAsync(otherPublic, campaign.Id));
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);

        await ProblemAssert.IsOkAsync<JsonElement>(await ChangeAsync(organizer, campaign.Id, "advance", "vote", "提前投票"));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () => await PhaseAsync(otherPublic, campaign.Id) == "vote", "the other node's cache follows");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        await ProblemAssert.IsOkAsync<JsonElement>(await other.VoteAsync(otherPublic, campaign.Id, campaign.Star[0], other.SessionFor("v", campaign.Id)));
    }

    private static string? DistrictName(JsonElement campaign) =>
        campaign.GetProperty("districts").EnumerateArray().First(d => d.GetProperty("code").GetString() == "city").GetProperty("name").GetString();

    /// <summary>A second API node on the same PostgreSQL and Redis key prefix as the first.</summary>
    private sealed class OtherNode(PublicVoteFactory first) : PublicVoteFactory(s =>
    {
        s["ConnectionStrings:Postgres"] = first.Settings["ConnectionStrings:Postgres"];
        s["Redis:KeyPrefix"] = first.Settings["Redis:KeyPrefix"];
    });
}
