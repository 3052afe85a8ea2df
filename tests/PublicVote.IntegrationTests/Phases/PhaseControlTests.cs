using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.Phases.PhasedCampaigns;

namespace PublicVote.IntegrationTests.Phases;

public sealed class PhaseControlTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private readonly HttpClient _public = factory.CreateClient();

    [Fact]
    public async Task AdvancingIntoTheVoteOpensItForVotersWithinSecondsAndIsAudited()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await CreateAsync(factory, PhaseKind.Review);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        var voter = factory.SessionFor("early-voter", campaign.Id);
        await ProblemAssert.IsProblemAsync(await factory.VoteAsync(_public, campaign.Id, campaign.Window[0], voter), HttpStatusCode.Forbidden, "voting-not-started");

        var view = await ProblemAssert.IsOkAsync<JsonElement>(await ChangeAsync(organizer, campaign.Id, "advance", "vote", "提前开始投票"));

        var now = factory.Clock.GetUtcNow();
        Assert.Equal("vote", view.GetProperty("phase").GetProperty("kind").GetString());
        Assert.Equal("advance", view.GetProperty("phase").GetProperty("override").GetString());
        Assert.Equal(now, view.GetProperty("voteStartsAt").GetDateTimeOffset());
        Assert.Equal(campaign.Phase(PhaseKind.Vote).EndsAt, view.GetProperty("voteEndsAt").GetDateTimeOffset());
        await Eventually.HoldsAsync(async () => await PhaseAsync(_public, campaign.Id) == "vote", "the cached campaign shows the vote phase");
        await ProblemAssert.IsOkAsync<JsonElement>(await factory.VoteAsync(_public, campaign.Id, campaign.Window[0], voter));
        var audit = await AuditAsync(campaign.Id, "phase.advance");
        Assert.Equal("提前开始投票", audit.GetProperty("after").GetProperty("reason").GetString());
        Assert.Equal("review", audit.GetProperty("before").GetProperty("phase").GetString());
        Assert.Equal("vote", audit.GetProperty("after").GetProperty("phase").GetString());
    }

    [Fact]
    public async Task HoldingTheReviewKeepsTheVoteClosedPastItsDateUntilReleased()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await CreateAsync(factory, PhaseKind.Review);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        await ProblemAssert.IsOkAsync<JsonElement>(await ChangeAsync(organizer, campaign.Id, "hold"));
        await Eventually.HoldsAsync(async () => (await CampaignAsync(_public, campaign.Id)).GetProperty("phase").GetProperty("override").GetString() == "hold",
            "the cached campaign shows the hold");

        factory.Clock.Set(campaign.Phase(PhaseKind.Vote).StartsAt.AddHours(2));
        var voter = factory.SessionFor("patient-voter", campaign.Id);
        Assert.Equal("review", await PhaseAsync(_public, campaign.Id));
        Assert.Equal("notstarted", (await CampaignAsync(_public, campaign.Id)).GetProperty("votingState").GetString());
        await ProblemAssert.IsProblemAsync(await factory.VoteAsync(_public, campaign.Id, campaign.Window[0], voter), HttpStatusCode.Forbidden, "voting-not-started");

        using var organizerLater = await factory.AdminClientAsync(Roles.Organizer, campaign.Id); // the first token has expired
        var released = await ProblemAssert.IsOkAsync<JsonElement>(await ChangeAsync(organizerLater, campaign.Id, "release", reason: "复核完毕"));

        Assert.Equal(JsonValueKind.Null, released.GetProperty("override").ValueKind);
        Assert.Equal(factory.Clock.GetUtcNow(), released.GetProperty("voteStartsAt").GetDateTimeOffset());
        await Eventually.HoldsAsync(async () => await PhaseAsync(_public, campaign.Id) == "vote", "the release reaches the cache");
        await ProblemAssert.IsOkAsync<JsonElement>(await factory.VoteAsync(_public, campaign.Id, campaign.Window[0], voter));
        Assert.Equal("复核完毕", (await AuditAsync(campaign.Id, "phase.release")).GetProperty("after").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task HoldingTheVoteKeepsItOpenWithoutEndAndAdvancingPastItClosesIt()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await CreateAsync(factory, PhaseKind.Vote);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        var held = await ProblemAssert.IsOkAsync<JsonElement>(await ChangeAsync(organizer, campaign.Id, "hold"));
        Assert.Equal(DateTimeOffset.MaxValue, held.GetProperty("voteEndsAt").GetDateTimeOffset());
        Assert.Equal(DateTimeOffset.MaxValue, await VoteEndsInPostgresAsync(campaign.Id));

        factory.Clock.Set(campaign.Phase(PhaseKind.Vote).EndsAt.AddDays(3));
        await Eventually.HoldsAsync(async () => (await CampaignAsync(_public, campaign.Id)).GetProperty("voteEndsAt").GetDateTimeOffset() == DateTimeOffset.MaxValue,
            "the hold reaches the cache");
        await ProblemAssert.IsOkAsync<JsonElement>(await factory.VoteAsync(_public, campaign.Id, campaign.Star[0], factory.SessionFor("late", campaign.Id)));

        using var organizerLater = await factory.AdminClientAsync(Roles.Organizer, campaign.Id); // the first token has expired
        var closed = await ProblemAssert.IsOkAsync<JsonElement>(await ChangeAsync(organizerLater, campaign.Id, "advance", "expertReview", "投票结束，进入专家评审"));

        Assert.Equal(factory.Clock.GetUtcNow(), closed.GetProperty("voteEndsAt").GetDateTimeOffset());
        await Eventually.HoldsAsync(async () => (await CampaignAsync(_public, campaign.Id)).GetProperty("votingState").GetString() == "closed",
            "the close reaches the cache");
        await ProblemAssert.IsProblemAsync(await factory.VoteAsync(_public, campaign.Id, campaign.Star[1], factory.SessionFor("later", campaign.Id)),
            HttpStatusCode.Forbidden, "voting-closed");
    }

    [Fact]
    public async Task RefusedChangesAreClearProblemsAndLeaveNothingBehind()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await CreateAsync(factory, PhaseKind.Vote);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);

        await ProblemAssert.IsProblemAsync(await ChangeAsync(organizer, campaign.Id, "hold", reason: null), HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await ChangeAsync(organizer, campaign.Id, "hold", reason: "  "), HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await ChangeAsync(organizer, campaign.Id, "hold", reason: "bad\u0000reason"), HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await ChangeAsync(organizer, campaign.Id, "advance", "2"), HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await ChangeAsync(organizer, campaign.Id, "advance", "Vote"), HttpStatusCode.BadRequest, "validation-failed");
        var back = await ProblemAssert.IsProblemAsync(await ChangeAsync(organizer, campaign.Id, "advance", "review"), HttpStatusCode.Conflict, "phase-change-refused");
        Assert.Equal("not-ahead", back.GetProperty("reason").GetString());
        var release = await ProblemAssert.IsProblemAsync(await ChangeAsync(organizer, campaign.Id, "release"), HttpStatusCode.Conflict, "phase-change-refused");
        Assert.Equal("nothing-to-release", release.GetProperty("reason").GetString());
        await ProblemAssert.IsProblemAsync(await ChangeAsync(organizer, 987654321, "hold"), HttpStatusCode.Forbidden, "admin-role-required");
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        await ProblemAssert.IsProblemAsync(await ChangeAsync(admin, 987654321, "hold"), HttpStatusCode.NotFound, "campaign-not-found");

        var plain = await factory.CreateCampaignAsync();
        var noPhases = await ProblemAssert.IsProblemAsync(await ChangeAsync(admin, plain.Id, "hold"), HttpStatusCode.Conflict, "phase-change-refused");
        Assert.Equal("no-phases", noPhases.GetProperty("reason").GetString());
        Assert.Equal(0, await AuditCountAsync(campaign.Id));
    }

    [Fact]
    public async Task AnAdvanceToAPhaseTheCampaignLacksIsRefused()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var sample = CampaignDefinitionJson.Read(await SampleFiles.ReadAsync("tengzhou-2017.json")) with { Slug = "tz-" + Guid.NewGuid().ToString("N")[..12] };
        var id = await factory.Services.GetRequiredService<CampaignDefinitionService>().ImportAsync(sample);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, id);

        var problem = await ProblemAssert.IsProblemAsync(await ChangeAsync(organizer, id, "advance", "vote"), HttpStatusCode.BadRequest, "phase-not-in-campaign");

        Assert.Contains("resultsNotice", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TheOrganizerSeesThePhaseStateAndJudgesDoNot()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await CreateAsync(factory, PhaseKind.Review);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        using var judge = await factory.AdminClientAsync(Roles.Judge, campaign.Id);

        var state = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync($"/api/admin/campaigns/{campaign.Id}/phase"));

        Assert.Equal("review", state.GetProperty("phase").GetProperty("kind").GetString());
        Assert.Equal("vote", state.GetProperty("next").GetString());
        Assert.Equal(6, state.GetProperty("phases").GetArrayLength());
        Assert.Equal(campaign.Phase(PhaseKind.Vote).StartsAt, state.GetProperty("voteStartsAt").GetDateTimeOffset());
        await ProblemAssert.IsProblemAsync(await judge.GetAsync($"/api/admin/campaigns/{campaign.Id}/phase"), HttpStatusCode.Forbidden, "admin-role-required");
        await ProblemAssert.IsProblemAsync(await ChangeAsync(judge, campaign.Id, "hold"), HttpStatusCode.Forbidden, "admin-role-required");
    }

    private async Task<JsonElement> AuditAsync(long campaignId, string action)
    {
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        var page = await ProblemAssert.IsOkAsync<JsonElement>(await admin.GetAsync($"/api/admin/audit?campaignId={campaignId}&action={action}"));
        return Assert.Single(page.GetProperty("items").EnumerateArray());
    }

    private async Task<long> AuditCountAsync(long campaignId)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        return await db.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE campaign_id = @campaignId", new { campaignId });
    }

    private async Task<DateTimeOffset> VoteEndsInPostgresAsync(long campaignId)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        var isInfinite = await db.ExecuteScalarAsync<bool>("SELECT vote_ends_at = 'infinity' FROM campaigns WHERE id = @campaignId", new { campaignId });
        return isInfinite ? DateTimeOffset.MaxValue : DateTimeOffset.MinValue;
    }
}
