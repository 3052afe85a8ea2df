using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Campaigns.Definition;
using PublicVote.IntegrationTests.Infrastructure;
using PublicVote.IntegrationTests.Phases;

namespace PublicVote.IntegrationTests.Objections;

public sealed class ObjectionTests(ObjectionFactory factory) : IClassFixture<ObjectionFactory>
{
    private const string Text = "该窗口申报材料中的获奖经历与实际不符，请组委会核实。";
    private const string Phone = "13912345678";
    private const string Name = "李四";
    private readonly HttpClient _public = factory.CreateClient();

    [Fact]
    public async Task AnyoneMayObjectDuringTheReviewAndOnlyOrganizersSeeTheContact()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);

        var response = await FileAsync(campaign.Id, campaign.Window[1], Text, Name, Phone);

        var filed = await ProblemAssert.IsStatusAsync<JsonElement>(response, HttpStatusCode.Created);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var id = filed.GetProperty("objectionId").GetInt64();
        Assert.DoesNotContain(Phone, await response.Content.ReadAsStringAsync());
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);
        var listed = await organizer.GetAsync($"/api/admin/campaigns/{campaign.Id}/objections");
        Assert.Equal("no-store", listed.Headers.CacheControl?.ToString());
        var item = Assert.Single((await ProblemAssert.IsOkAsync<JsonElement>(listed)).GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetInt64());
        Assert.Equal((campaign.Window[1], "002", "review", "open"), (item.GetProperty("candidateId").GetInt64(),
            item.GetProperty("candidateNumber").GetString(), item.GetProperty("phase").GetString(), item.GetProperty("status").GetString()));
        Assert.Equal((Text, Name, Phone), (item.GetProperty("text").GetString(), item.GetProperty("contactName").GetString(), item.GetProperty("contactPhone").GetString()));
        Assert.Equal(factory.Clock.GetUtcNow(), item.GetProperty("filedAt").GetDateTimeOffset());
        Assert.Contains(factory.LogLines, line => line.Contains($"/api/v1/campaigns/{campaign.Id}/objections", StringComparison.Ordinal)); // the request was logged
        Assert.DoesNotContain(factory.LogLines, line => line.Contains(Phone, StringComparison.Ordinal) || line.Contains(Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnObjectionDuringTheResultsNoticeIsStoredWithThatPhase()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.ResultsNotice);
        await ProblemAssert.IsStatusAsync<JsonElement>(await FileAsync(campaign.Id, campaign.Star[0], Text), HttpStatusCode.Created);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);

        var notice = await ListAsync(organizer, campaign.Id, "?phase=resultsNotice");
        var review = await ListAsync(organizer, campaign.Id, "?phase=review");

        Assert.Equal((1, 0), (notice.GetProperty("total").GetInt32(), review.GetProperty("total").GetInt32()));
        Assert.Equal(JsonValueKind.Null, notice.GetProperty("items")[0].GetProperty("contactPhone").ValueKind);
    }

    [Theory]
    [InlineData(PhaseKind.Nomination)]
    [InlineData(PhaseKind.Vote)]
    [InlineData(PhaseKind.ExpertReview)]
    [InlineData(PhaseKind.Publication)]
    public async Task ObjectionsAreClosedOutsideTheTwoNotices(PhaseKind phase)
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, phase);

        var problem = await ProblemAssert.IsProblemAsync(await FileAsync(campaign.Id, campaign.Window[0], Text), HttpStatusCode.Forbidden, "objections-closed");

        Assert.Equal(CampaignDefinitionJson.WireName(phase), problem.GetProperty("phase").GetString());
    }

    [Fact]
    public async Task ObjectionsCloseAtTheDeadlineButAHeldReviewWithoutOneStaysOpen()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var withDeadline = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review, reviewObjectionsFor: TimeSpan.FromDays(3));
        var withoutDeadline = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);
        using (var organizer = await factory.AdminClientAsync(Roles.Organizer, withoutDeadline.Id))
        {
            await ProblemAssert.IsOkAsync<JsonElement>(await PhasedCampaigns.ChangeAsync(organizer, withoutDeadline.Id, "hold", reason: "延长公示"));
        }
        await Eventually.HoldsAsync(async () => (await PhasedCampaigns.CampaignAsync(_public, withoutDeadline.Id)).GetProperty("phase").GetProperty("override").ValueKind == JsonValueKind.String,
            "the hold reaches the cache");

        factory.Clock.Set(withDeadline.Phase(PhaseKind.Review).StartsAt.AddDays(3));
        await ProblemAssert.IsProblemAsync(await FileAsync(withDeadline.Id, withDeadline.Window[0], Text), HttpStatusCode.Forbidden, "objections-closed");
        factory.Clock.Set(withoutDeadline.Phase(PhaseKind.Review).EndsAt.AddDays(2));
        await ProblemAssert.IsStatusAsync<JsonElement>(await FileAsync(withoutDeadline.Id, withoutDeadline.Window[0], Text), HttpStatusCode.Created);
    }

    [Fact]
    public async Task OnlyCandidatesOnThePublicListCanBeObjectedTo()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);
        var other = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);

        foreach (var candidate in new[] { campaign.Submitted, campaign.Withdrawn, other.Window[0], 987654321L })
        {
            await ProblemAssert.IsProblemAsync(await FileAsync(campaign.Id, candidate, Text), HttpStatusCode.NotFound, "candidate-not-found");
        }
        await ProblemAssert.IsProblemAsync(await FileAsync(987654321, campaign.Window[0], Text), HttpStatusCode.NotFound, "campaign-not-found");
        await using var db = await factory.Db.OpenConnectionAsync();
        Assert.Equal(0, await db.ExecuteScalarAsync<long>("SELECT count(*) FROM objections WHERE campaign_id = @Id", new { campaign.Id }));
    }

    [Fact]
    public async Task BadInputIsAProblemNamingEveryBrokenRule()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);

        var problem = await ProblemAssert.IsProblemAsync(
            await _public.PostAsJsonAsync($"/api/v1/campaigns/{campaign.Id}/objections", new { candidateId = -1, text = "http://spam.example.com", contactPhone = "110" }),
            HttpStatusCode.BadRequest, "objection-invalid");

        Assert.Equal([("candidateId", "required"), ("text", "link-only"), ("contactPhone", "phone-format")],
            problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("field").GetString(), e.GetProperty("code").GetString())));
        await ProblemAssert.IsProblemAsync(await _public.PostAsync($"/api/v1/campaigns/{campaign.Id}/objections",
            new StringContent("{not json", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid-request");
        await ProblemAssert.IsProblemAsync(await _public.PostAsync($"/api/v1/campaigns/{campaign.Id}/objections",
            new StringContent("""{"candidateId":"abc","text":"x"}""", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid-request");
        await ProblemAssert.IsProblemAsync(await _public.PostAsync($"/api/v1/campaigns/{campaign.Id}/objections",
            new StringContent("candidateId=1", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "invalid-request");
        var spam = await ProblemAssert.IsProblemAsync(await FileAsync(campaign.Id, campaign.Window[0], "顶顶顶顶顶顶顶顶顶顶顶顶"), HttpStatusCode.BadRequest, "objection-invalid");
        Assert.Equal("repeated-characters", spam.GetProperty("errors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task OrganizersResolveOnceWithAWrittenResolutionAndTheAuditHoldsNoPersonalData()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);
        var upheld = await FiledIdAsync(campaign.Id, campaign.Window[0], Text, Name, Phone);
        var dismissed = await FiledIdAsync(campaign.Id, campaign.Window[1], "我认为该候选人的服务态度不好，不应入选。");
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);

        var resolved = await ProblemAssert.IsOkAsync<JsonElement>(await ResolveAsync(organizer, campaign.Id, upheld, "upheld", "经核实，获奖证书系伪造。"));

        Assert.Equal(("upheld", "经核实，获奖证书系伪造。"), (resolved.GetProperty("status").GetString(), resolved.GetProperty("resolution").GetString()));
        Assert.Equal(factory.Clock.GetUtcNow(), resolved.GetProperty("resolvedAt").GetDateTimeOffset());
        Assert.StartsWith("u-", resolved.GetProperty("resolvedBy").GetString());
        var followUp = resolved.GetProperty("followUp");
        Assert.Equal(("disqualify", "POST", $"/api/admin/campaigns/{campaign.Id}/candidates/{campaign.Window[0]}/disqualify"),
            (followUp.GetProperty("action").GetString(), followUp.GetProperty("method").GetString(), followUp.GetProperty("href").GetString()));
        var again = await ProblemAssert.IsProblemAsync(await ResolveAsync(organizer, campaign.Id, upheld, "dismissed", "改判"), HttpStatusCode.Conflict, "objection-already-resolved");
        Assert.Equal("upheld", again.GetProperty("objectionStatus").GetString());
        var other = await ProblemAssert.IsOkAsync<JsonElement>(await ResolveAsync(organizer, campaign.Id, dismissed, "dismissed", "意见属主观评价，不予采纳。"));
        Assert.Equal(JsonValueKind.Null, other.GetProperty("followUp").ValueKind);

        Assert.Equal(1, (await ListAsync(organizer, campaign.Id, "?status=upheld")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await ListAsync(organizer, campaign.Id, $"?candidateId={campaign.Window[1]}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await ListAsync(organizer, campaign.Id, "?status=open")).GetProperty("total").GetInt32());
        using var admin = await factory.AdminClientAsync(Roles.Admin);
        var audit = await ProblemAssert.IsOkAsync<JsonElement>(await admin.GetAsync($"/api/admin/audit?campaignId={campaign.Id}&action=objection.resolve"));
        Assert.Equal(2, audit.GetProperty("total").GetInt32());
        var entries = audit.GetProperty("items").ToString();
        Assert.Contains("经核实，获奖证书系伪造。", entries);
        Assert.DoesNotContain(Phone, entries);
        Assert.DoesNotContain(Name, entries);
        Assert.DoesNotContain(Text, entries);
    }

    [Fact]
    public async Task ResolutionsAndFiltersAreChecked()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);
        var id = await FiledIdAsync(campaign.Id, campaign.Star[1], Text);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, campaign.Id);

        await ProblemAssert.IsProblemAsync(await ResolveAsync(organizer, campaign.Id, id, "accepted", "好"), HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await ResolveAsync(organizer, campaign.Id, id, "upheld", "  "), HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await ResolveAsync(organizer, campaign.Id, id, "upheld", new string('理', 2001)), HttpStatusCode.BadRequest, "validation-failed");
        await ProblemAssert.IsProblemAsync(await ResolveAsync(organizer, campaign.Id, 987654321, "upheld", "核实"), HttpStatusCode.NotFound, "objection-not-found");
        await ProblemAssert.IsProblemAsync(await organizer.GetAsync($"/api/admin/campaigns/{campaign.Id}/objections/987654321"), HttpStatusCode.NotFound, "objection-not-found");
        foreach (var query in new[] { "?status=closed", "?phase=vote", "?phase=Review", "?pageSize=500", "?page=0" })
        {
            await ProblemAssert.IsProblemAsync(await organizer.GetAsync($"/api/admin/campaigns/{campaign.Id}/objections{query}"), HttpStatusCode.BadRequest, "validation-failed");
        }
        var one = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync($"/api/admin/campaigns/{campaign.Id}/objections/{id}"));
        Assert.Equal("open", one.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnotherCampaignsOrganizerCannotReachTheseObjections()
    {
        factory.Clock.Set(TestCampaigns.DefaultNow);
        var campaign = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);
        var other = await PhasedCampaigns.CreateAsync(factory, PhaseKind.Review);
        var id = await FiledIdAsync(campaign.Id, campaign.Window[2], Text, Name, Phone);
        using var otherOrganizer = await factory.AdminClientAsync(Roles.Organizer, other.Id);
        using var judge = await factory.AdminClientAsync(Roles.Judge, campaign.Id);

        await ProblemAssert.IsProblemAsync(await otherOrganizer.GetAsync($"/api/admin/campaigns/{campaign.Id}/objections"), HttpStatusCode.Forbidden, "admin-role-required");
        await ProblemAssert.IsProblemAsync(await judge.GetAsync($"/api/admin/campaigns/{campaign.Id}/objections/{id}"), HttpStatusCode.Forbidden, "admin-role-required");
        await ProblemAssert.IsProblemAsync(await otherOrganizer.GetAsync($"/api/admin/campaigns/{other.Id}/objections/{id}"), HttpStatusCode.NotFound, "objection-not-found");
        await ProblemAssert.IsProblemAsync(await ResolveAsync(otherOrganizer, other.Id, id, "dismissed", "不予采纳"), HttpStatusCode.NotFound, "objection-not-found");
        Assert.Equal(0, (await ListAsync(otherOrganizer, other.Id, "")).GetProperty("total").GetInt32());
    }

    private Task<HttpResponseMessage> FileAsync(long campaignId, long candidateId, string text, string? contactName = null, string? contactPhone = null) =>
        _public.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/objections", new { candidateId, text, contactName, contactPhone });

    private async Task<long> FiledIdAsync(long campaignId, long candidateId, string text, string? contactName = null, string? contactPhone = null) =>
        (await ProblemAssert.IsStatusAsync<JsonElement>(await FileAsync(campaignId, candidateId, text, contactName, contactPhone), HttpStatusCode.Created))
        .GetProperty("objectionId").GetInt64();

    private static Task<HttpResponseMessage> ResolveAsync(HttpClient organizer, long campaignId, long objectionId, string outcome, string resolution) =>
        organizer.PostAsJsonAsync($"/api/admin/campaigns/{campaignId}/objections/{objectionId}/resolution", new { outcome, resolution });

    private static async Task<JsonElement> ListAsync(HttpClient organizer, long campaignId, string query) =>
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync($"/api/admin/campaigns/{campaignId}/objections{query}"));
}
