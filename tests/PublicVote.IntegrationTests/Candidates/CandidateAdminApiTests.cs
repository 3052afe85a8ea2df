using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.Candidates.NominationCampaigns;

namespace PublicVote.IntegrationTests.Candidates;

public sealed class CandidateAdminApiTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task ANewNominationStartsSubmittedWithItsFormFieldsNormalised()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var created = await CreateCandidateAsync(organizer, c, new
        {
            number = "101",
            name = "王丽",
            categoryId = c.Star,
            districtId = c.Dongbao,
            unitName = "  东宝区   人民医院 ",
            post = "导诊护士",
            slogan = "用心服务",
            materials = "第一段\r\n第二段",
            honours = "2018年度优秀护士",
            fields = new Dictionary<string, object> { ["gender"] = "女", ["birthMonth"] = "1990年5月", ["hobbies"] = new[] { "唱歌", "舞蹈" } },
        });

        Assert.Equal("submitted", created.GetProperty("reviewStatus").GetString());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.Equal("东宝区 人民医院", created.GetProperty("unitName").GetString());
        Assert.Equal("第一段\n第二段", created.GetProperty("materials").GetString());
        var fields = created.GetProperty("fields");
        Assert.Equal("1990-05", fields.GetProperty("birthMonth").GetString());
        Assert.Equal("王丽", fields.GetProperty("name").GetString()); // the form's 姓名 takes the candidate's name
        Assert.Equal(["唱歌", "舞蹈"], fields.GetProperty("hobbies").EnumerateArray().Select(e => e.GetString()));

        var id = created.GetProperty("id").GetInt64();
        var read = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync(Url(c, $"/{id}")));
        Assert.Equal("101", read.GetProperty("number").GetString());
        Assert.Empty(read.GetProperty("photos").EnumerateArray());
    }

    [Fact]
    public async Task BadInputIsRefusedWithEveryFieldErrorAndNothingIsStored()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var response = await organizer.PostAsJsonAsync(Url(c), new
        {
            number = "1 2",
            name = "",
            categoryId = c.Star,
            unitName = new string('单', 201),
            materials = new string('材', 121), // materialChars 100, plus a fifth
            fields = new Dictionary<string, object>
            {
                ["gender"] = "未知",
                ["birthMonth"] = "五月",
                ["hobbies"] = new[] { "游泳" },
                ["resume"] = new string('历', 51),
                ["shoeSize"] = "42",
            },
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid-candidate");
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("field").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?>
        {
            "number", "name", "districtId", "unitName", "materials",
            "fields.name", "fields.gender", "fields.birthMonth", "fields.hobbies", "fields.resume", "fields.shoeSize",
        }, errors);
        var page = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync(Url(c)));
        Assert.Equal(0, page.GetProperty("total").GetInt64());

        await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(Url(c), new { number = "1", name = "x", categoryId = 987654321L }),
            HttpStatusCode.BadRequest, "invalid-candidate");
        await ProblemAssert.IsProblemAsync(await organizer.PostAsync(Url(c), new StringContent("not json", null, "application/json")),
            HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task ATakenNumberIsAConflict()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"));
        var problem = await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(Url(c), Window(c, "001", "乙窗口")),
            HttpStatusCode.Conflict, "candidate-number-taken");
        Assert.Equal("001", problem.GetProperty("number").GetString());
    }

    [Fact]
    public async Task TheListFiltersByCategoryDistrictReviewStatusStandingAndText()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var a = await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"));
        await CreateCandidateAsync(organizer, c, Window(c, "002", "乙窗口", c.Dongbao));
        await CreateCandidateAsync(organizer, c, Star(c, "101", "王丽"));
        await organizer.PostAsJsonAsync(Url(c, $"/{a.GetProperty("id").GetInt64()}/withdraw"), new { reason = "单位撤回" });

        async Task<string[]> NumbersAsync(string query)
        {
            var page = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync(Url(c, "?" + query)));
            return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()!).ToArray();
        }

        Assert.Equal(["001", "002"], await NumbersAsync($"categoryId={c.Window}"));
        Assert.Equal(["002"], await NumbersAsync($"districtId={c.Dongbao}"));
        Assert.Equal(["001"], await NumbersAsync("status=withdrawn"));
        Assert.Equal(["002", "101"], await NumbersAsync("status=active&reviewStatus=submitted"));
        Assert.Equal(["101"], await NumbersAsync("q=王"));
        Assert.Equal(["002"], await NumbersAsync("q=00&page=2&pageSize=1"));
        await ProblemAssert.IsProblemAsync(await organizer.GetAsync(Url(c, "?reviewStatus=maybe")), HttpStatusCode.BadRequest, "validation-failed");
    }

    [Fact]
    public async Task EditReplacesTheDetailsAndAnEditedRejectionIsSubmittedAgain()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var id = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"))).GetProperty("id").GetInt64();
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{id}/reject"), new { reason = "材料不全" }));

        var edited = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PutAsJsonAsync(Url(c, $"/{id}"), Window(c, "001A", "甲窗口（补充材料）")));

        Assert.Equal("001A", edited.GetProperty("number").GetString());
        Assert.Equal("submitted", edited.GetProperty("reviewStatus").GetString());
        Assert.Equal(JsonValueKind.Null, edited.GetProperty("reviewReason").ValueKind);
        await ProblemAssert.IsProblemAsync(await organizer.PutAsJsonAsync(Url(c, "/987654321"), Window(c, "009", "x")), HttpStatusCode.NotFound, "candidate-not-found");
    }

    [Fact]
    public async Task ReviewAndStandingFollowTheirRules()
    {
        var c = await CreateAsync(factory, NoPhotoMinimum);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var id = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"))).GetProperty("id").GetInt64();

        await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(Url(c, $"/{id}/reject"), new { reason = " " }), HttpStatusCode.BadRequest, "invalid-candidate");
        await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(Url(c, $"/{id}/disqualify"), new { }), HttpStatusCode.BadRequest, "invalid-candidate");
        var approved = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{id}/approve"), null));
        Assert.Equal("approved", approved.GetProperty("reviewStatus").GetString());
        var again = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{id}/approve"), null));
        Assert.Equal("approved", again.GetProperty("reviewStatus").GetString());

        var disqualified = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{id}/disqualify"), new { reason = "弄虚作假：材料造假" }));
        Assert.Equal("disqualified", disqualified.GetProperty("status").GetString());
        Assert.Equal("弄虚作假：材料造假", disqualified.GetProperty("statusReason").GetString());
        await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(Url(c, $"/{id}/withdraw"), new { }), HttpStatusCode.Conflict, "candidate-state-conflict");
        await ProblemAssert.IsProblemAsync(await organizer.PostAsync(Url(c, $"/{id}/approve"), null), HttpStatusCode.Conflict, "candidate-state-conflict");
        await ProblemAssert.IsProblemAsync(await organizer.PutAsJsonAsync(Url(c, $"/{id}"), Window(c, "001", "甲窗口")), HttpStatusCode.Conflict, "candidate-state-conflict");
    }

    [Fact]
    public async Task ApprovalNeedsTheCampaignsMinimumOfPhotos()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var id = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"))).GetProperty("id").GetInt64();
        var problem = await ProblemAssert.IsProblemAsync(await organizer.PostAsync(Url(c, $"/{id}/approve"), null), HttpStatusCode.Conflict, "photos-missing");
        Assert.Equal(1, problem.GetProperty("photosMin").GetInt32());
    }

    [Fact]
    public async Task OrganizersOfAnotherCampaignCannotTouchTheseCandidates()
    {
        var c = await CreateAsync(factory);
        var other = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        using var stranger = await factory.AdminClientAsync(Roles.Organizer, other.Id);
        var id = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"))).GetProperty("id").GetInt64();
        await ProblemAssert.IsProblemAsync(await stranger.GetAsync(Url(c, $"/{id}")), HttpStatusCode.Forbidden, "admin-role-required");
        // The candidate is not reachable through the other campaign either.
        await ProblemAssert.IsProblemAsync(await stranger.GetAsync($"/api/admin/campaigns/{other.Id}/candidates/{id}"), HttpStatusCode.NotFound, "candidate-not-found");
    }

    [Fact]
    public async Task EveryCandidateWriteIsAuditedWithBeforeAndAfterAndARefusedOneIsNot()
    {
        var c = await CreateAsync(factory, NoPhotoMinimum);
        var account = await factory.Accounts.CreateAsync((Roles.Organizer, c.Id));
        using var organizer = factory.Accounts.BearerClient(await factory.Accounts.TokenAsync(account.Id));
        var id = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口"))).GetProperty("id").GetInt64();
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PutAsJsonAsync(Url(c, $"/{id}"), Window(c, "001", "甲窗口（改）")));
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{id}/reject"), new { reason = "材料不全" }));
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{id}/approve"), null));
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{id}/disqualify"), new { reason = "弄虚作假" }));
        var other = (await CreateCandidateAsync(organizer, c, Window(c, "002", "乙窗口"))).GetProperty("id").GetInt64();
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{other}/withdraw"), new { reason = "单位撤回" }));
        await organizer.PostAsJsonAsync(Url(c, $"/{id}/withdraw"), new { }); // refused: disqualified
        await organizer.PostAsJsonAsync(Url(c), Window(c, "001", "重号")); // refused: number taken

        var page = await ProblemAssert.IsOkAsync<JsonElement>(await organizer.GetAsync($"/api/admin/audit?campaignId={c.Id}&actor={account.UserName}"));
        var items = page.GetProperty("items").EnumerateArray().Reverse().ToArray();
        Assert.Equal(["candidate.create", "candidate.update", "candidate.reject", "candidate.approve", "candidate.disqualify", "candidate.create", "candidate.withdraw"],
            items.Select(i => i.GetProperty("action").GetString()));
        Assert.All(items, i => Assert.Equal("candidate", i.GetProperty("targetType").GetString()));
        Assert.Equal(JsonValueKind.Null, items[0].GetProperty("before").ValueKind);
        Assert.Equal("submitted", items[0].GetProperty("after").GetProperty("reviewStatus").GetString());
        Assert.Equal("甲窗口", items[1].GetProperty("before").GetProperty("name").GetString());
        Assert.Equal("甲窗口（改）", items[1].GetProperty("after").GetProperty("name").GetString());
        Assert.Equal("材料不全", items[2].GetProperty("after").GetProperty("reviewReason").GetString());
        Assert.Equal("rejected", items[3].GetProperty("before").GetProperty("reviewStatus").GetString());
        Assert.Equal("active", items[4].GetProperty("before").GetProperty("status").GetString());
        Assert.Equal("disqualified", items[4].GetProperty("after").GetProperty("status").GetString());
        Assert.Equal("withdrawn", items[6].GetProperty("after").GetProperty("status").GetString());
    }
}
