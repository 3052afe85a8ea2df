using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Accounts;
using PublicVote.Api.Features.Campaigns;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.Candidates.NominationCampaigns;

namespace PublicVote.IntegrationTests.Candidates;

/// <summary>The H5 pages' candidate list and detail, and the vote path, follow the review and standing of candidates.</summary>
public sealed class PublicCandidateTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    private readonly HttpClient _public = factory.CreateClient();

    [Fact]
    public async Task OnlyApprovedActiveCandidatesAreListedAndSearchableByNumberAndChineseName()
    {
        var c = await CreateAsync(factory, NoPhotoMinimum);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var ids = new Dictionary<string, long>();
        foreach (var (number, name, district) in new[]
                 {
                     ("001", "市政务服务中心窗口", c.City), ("002", "市公交集团1路车队", c.City), ("010", "东宝区人民医院服务台", c.Dongbao),
                     ("003", "待审核窗口", c.City),
                 })
        {
            ids[number] = (await CreateCandidateAsync(organizer, c, Window(c, number, name, district))).GetProperty("id").GetInt64();
        }
        foreach (var (number, name, district) in new[] { ("101", "王丽", c.Dongbao), ("102", "王刚", c.City), ("103", "李娜", c.City), ("104", "被取消", c.City) })
        {
            ids[number] = (await CreateCandidateAsync(organizer, c, Star(c, number, name, district))).GetProperty("id").GetInt64();
        }
        foreach (var number in new[] { "001", "002", "010", "101", "102", "103", "104" })
        {
            await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{ids[number]}/approve"), null));
        }
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{ids["104"]}/disqualify"), new { reason = "弄虚作假" }));

        var all = await ListAsync(c, "pageSize=100");
        Assert.Equal(["001", "002", "010", "101", "102", "103"], Numbers(all));
        Assert.Equal(6, all.GetProperty("total").GetInt32());
        Assert.Equal(["101", "102"], Numbers(await ListAsync(c, "q=王")));
        Assert.Equal(["010"], Numbers(await ListAsync(c, "q=东宝")));
        Assert.Equal(["001", "002", "010"], Numbers(await ListAsync(c, "q=0")));
        Assert.Equal(["010"], Numbers(await ListAsync(c, "q=010")));
        Assert.Equal(["010", "101"], Numbers(await ListAsync(c, $"districtId={c.Dongbao}")));
        Assert.Equal(["101", "102", "103"], Numbers(await ListAsync(c, $"categoryId={c.Star}")));
        var page2 = await ListAsync(c, $"categoryId={c.Star}&page=2&pageSize=2");
        Assert.Equal(["103"], Numbers(page2));
        Assert.Equal((3, 2, 2), (page2.GetProperty("total").GetInt32(), page2.GetProperty("page").GetInt32(), page2.GetProperty("pageSize").GetInt32()));

        await ProblemAssert.IsProblemAsync(await _public.GetAsync($"/api/v1/campaigns/{c.Id}/candidates/{ids["003"]}"), HttpStatusCode.NotFound, "candidate-not-found");
        await ProblemAssert.IsProblemAsync(await _public.GetAsync($"/api/v1/campaigns/{c.Id}/candidates/{ids["104"]}"), HttpStatusCode.NotFound, "candidate-not-found");
        await ProblemAssert.IsProblemAsync(await _public.GetAsync($"/api/v1/campaigns/{c.Id}/candidates?q={new string('x', 51)}"), HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task TheDetailFollowsTheContractWithPhotosUnitPostSloganMaterialsAndHonours()
    {
        var (c, organizer) = await CampaignAsync();
        var id = (await CreateCandidateAsync(organizer, c, new
        {
            number = "001",
            name = "市政务服务中心窗口",
            categoryId = c.Window,
            districtId = c.City,
            unitName = "荆门市政务服务中心",
            post = "综合窗口",
            slogan = "一次办好",
            materials = "窗口推行一窗受理。",
            honours = "青年文明号",
            fields = new Dictionary<string, object> { ["phone"] = "0724-2372245" },
        })).GetProperty("id").GetInt64();
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(400, 100)), "file", "p.png" } };
        var photo = await ProblemAssert.IsStatusAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{id}/photos"), form), HttpStatusCode.Created);
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{id}/approve"), null));

        var detail = await ProblemAssert.IsOkAsync<JsonElement>(await _public.GetAsync($"/api/v1/campaigns/{c.Id}/candidates/{id}"));
        Assert.Equal(
            ["id", "number", "name", "categoryId", "districtId", "unitName", "post", "thumbUrl", "status", "votes", "slogan", "materials", "honours", "photos"],
            detail.EnumerateObject().Select(p => p.Name));
        Assert.Equal(c.City, detail.GetProperty("districtId").GetInt64());
        Assert.Equal("荆门市政务服务中心", detail.GetProperty("unitName").GetString());
        Assert.Equal("窗口推行一窗受理。", detail.GetProperty("materials").GetString());
        Assert.Equal("active", detail.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("votes").ValueKind);
        var shown = Assert.Single(detail.GetProperty("photos").EnumerateArray());
        Assert.Equal(["url", "thumbUrl", "width", "height"], shown.EnumerateObject().Select(p => p.Name));
        Assert.Equal(photo.GetProperty("url").GetString(), shown.GetProperty("url").GetString());
        Assert.Equal(photo.GetProperty("thumbUrl").GetString(), detail.GetProperty("thumbUrl").GetString());

        var item = Assert.Single((await ListAsync(c, "")).GetProperty("items").EnumerateArray());
        Assert.Equal(
            ["id", "number", "name", "categoryId", "districtId", "unitName", "post", "thumbUrl", "status", "votes"],
            item.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task PagesAreServedFromTheOutputCacheAndAChangeEvictsThem()
    {
        var (c, organizer) = await CampaignAsync();
        var id = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"))).GetProperty("id").GetInt64();
        await UploadAndApproveAsync(organizer, c, id);

        var first = await _public.GetAsync($"/api/v1/campaigns/{c.Id}/candidates");
        var second = await _public.GetAsync($"/api/v1/campaigns/{c.Id}/candidates");
        Assert.False(first.Headers.Contains("Age"));
        Assert.True(second.Headers.Contains("Age"), "the second answer comes from the output cache");
        // A voter's cookie or bearer token does not change the public page, so it is cached for them too.
        using var withSession = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/campaigns/{c.Id}/candidates");
        withSession.Headers.Authorization = new("Bearer", factory.SessionFor("voter-1", c.Id));
        Assert.True((await _public.SendAsync(withSession)).Headers.Contains("Age"));

        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{id}/disqualify"), new { reason = "弄虚作假" }));
        var after = await ProblemAssert.IsOkAsync<JsonElement>(await _public.GetAsync($"/api/v1/campaigns/{c.Id}/candidates"));
        Assert.Equal(0, after.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ADisqualifiedOrUnapprovedCandidateCannotBeVotedFor()
    {
        var (c, organizer) = await CampaignAsync();
        var approved = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"))).GetProperty("id").GetInt64();
        var submitted = (await CreateCandidateAsync(organizer, c, Window(c, "002", "乙窗口"))).GetProperty("id").GetInt64();
        await UploadAndApproveAsync(organizer, c, approved);
        var version = await RulesVersionAsync(c);

        await ProblemAssert.IsProblemAsync(await factory.VoteAsync(_public, c.Id, submitted, factory.SessionFor("v1", c.Id)), HttpStatusCode.Forbidden, "candidate-not-votable");
        Assert.Equal(HttpStatusCode.OK, (await factory.VoteAsync(_public, c.Id, approved, factory.SessionFor("v1", c.Id))).StatusCode);

        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{approved}/disqualify"), new { reason = "弄虚作假" }));
        Assert.True(await RulesVersionAsync(c) > version, "a disqualification bumps rules_version, which every node's rules cache polls");
        await ProblemAssert.IsProblemAsync(await factory.VoteAsync(_public, c.Id, approved, factory.SessionFor("v2", c.Id)), HttpStatusCode.Forbidden, "candidate-not-votable");
    }

    [Fact]
    public async Task AnotherNodeSeesADisqualificationWithinSecondsThroughRulesVersion()
    {
        var (c, organizer) = await CampaignAsync();
        var id = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"))).GetProperty("id").GetInt64();
        await UploadAndApproveAsync(organizer, c, id);
        // A rules cache like another node's: it learns of changes only through its refresh (the refresher runs it every second).
        var otherNode = new CampaignRulesCache(factory.Services.GetRequiredService<CampaignRepository>());
        Assert.True((await otherNode.GetAsync(c.Id))!.Candidates[id].IsVotable);

        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{id}/disqualify"), new { reason = "弄虚作假" }));
        Assert.True((await otherNode.GetAsync(c.Id))!.Candidates[id].IsVotable, "not before its refresh");
        await otherNode.RefreshAsync();
        Assert.False((await otherNode.GetAsync(c.Id))!.Candidates[id].IsVotable);
    }

    [Fact]
    public async Task PhotoChangesBumpTheRulesVersionToo()
    {
        var (c, organizer) = await CampaignAsync();
        var id = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"))).GetProperty("id").GetInt64();
        var before = await RulesVersionAsync(c);
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(100, 100)), "file", "p.png" } };
        await ProblemAssert.IsStatusAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{id}/photos"), form), HttpStatusCode.Created);
        Assert.True(await RulesVersionAsync(c) > before);
    }

    private async Task<(NominationCampaign, HttpClient)> CampaignAsync()
    {
        var c = await CreateAsync(factory);
        return (c, await factory.AdminClientAsync(Roles.Organizer, c.Id));
    }

    private static async Task UploadAndApproveAsync(HttpClient organizer, NominationCampaign c, long id)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png(100, 100, (int)id)), "file", "p.png" } };
        await ProblemAssert.IsStatusAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{id}/photos"), form), HttpStatusCode.Created);
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{id}/approve"), null));
    }

    private async Task<JsonElement> ListAsync(NominationCampaign c, string query) =>
        await ProblemAssert.IsOkAsync<JsonElement>(await _public.GetAsync($"/api/v1/campaigns/{c.Id}/candidates?{query}"));

    private static string[] Numbers(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()!).ToArray();

    private async Task<long> RulesVersionAsync(NominationCampaign c)
    {
        await using var db = await factory.Db.OpenConnectionAsync();
        return await db.ExecuteScalarAsync<long>("SELECT rules_version FROM campaigns WHERE id = @Id", c);
    }
}
