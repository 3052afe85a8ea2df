using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using PublicVote.Api.Features.Accounts;
using PublicVote.IntegrationTests.Infrastructure;
using static PublicVote.IntegrationTests.Candidates.NominationCampaigns;

namespace PublicVote.IntegrationTests.Candidates;

/// <summary>Recommend quotas per district and category (名额分配表) and per-unit limits, at submission.</summary>
public sealed class QuotaTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Fact]
    public async Task TheFirstCandidateOverADistrictsQuotaIsRefusedWithTheQuotaNamed()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口", c.Dongbao)); // 东宝区 may recommend 1 window

        var problem = await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(Url(c), Window(c, "002", "乙窗口", c.Dongbao)),
            HttpStatusCode.Conflict, "district-quota-exceeded");
        var quota = problem.GetProperty("quota");
        Assert.Equal("district", quota.GetProperty("kind").GetString());
        Assert.Equal("东宝区", quota.GetProperty("district").GetString());
        Assert.Equal("优质服务窗口", quota.GetProperty("category").GetString());
        Assert.Equal(1, quota.GetProperty("limit").GetInt32());
        Assert.Contains("东宝区", problem.GetProperty("detail").GetString());
        // Other categories and districts are not affected.
        await CreateCandidateAsync(organizer, c, Star(c, "101", "王丽", c.Dongbao));
        await CreateCandidateAsync(organizer, c, Window(c, "003", "丙窗口", c.City));
    }

    [Fact]
    public async Task RejectedAndWithdrawnCandidatesFreeTheirPlaceButApprovingARejectedOneChecksAgain()
    {
        var c = await CreateAsync(factory, NoPhotoMinimum);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var first = (await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口", c.Dongbao))).GetProperty("id").GetInt64();
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{first}/reject"), new { reason = "不符合条件" }));
        var second = (await CreateCandidateAsync(organizer, c, Window(c, "002", "乙窗口", c.Dongbao))).GetProperty("id").GetInt64();

        await ProblemAssert.IsProblemAsync(await organizer.PostAsync(Url(c, $"/{first}/approve"), null), HttpStatusCode.Conflict, "district-quota-exceeded");
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsJsonAsync(Url(c, $"/{second}/withdraw"), new { }));
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PostAsync(Url(c, $"/{first}/approve"), null));
    }

    [Fact]
    public async Task EditingIntoAFullDistrictIsRefused()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        await CreateCandidateAsync(organizer, c, Window(c, "001", "甲窗口", c.Dongbao));
        var id = (await CreateCandidateAsync(organizer, c, Window(c, "002", "乙窗口", c.City))).GetProperty("id").GetInt64();
        await ProblemAssert.IsProblemAsync(await organizer.PutAsJsonAsync(Url(c, $"/{id}"), Window(c, "002", "乙窗口", c.Dongbao)),
            HttpStatusCode.Conflict, "district-quota-exceeded");
        // Staying put is always allowed, even when nothing else changes.
        await ProblemAssert.IsOkAsync<JsonElement>(await organizer.PutAsJsonAsync(Url(c, $"/{id}"), Window(c, "002", "乙窗口（改名）", c.City)));
    }

    [Fact]
    public async Task EachUnitHasAtMostItsLimitPerCategory()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        await CreateCandidateAsync(organizer, c, Brand(c, "301", "温馨供水", "市自来水公司"));
        var problem = await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(Url(c), Brand(c, "302", "放心用水", " 市自来水公司 ")),
            HttpStatusCode.Conflict, "unit-limit-exceeded");
        Assert.Equal("市自来水公司", problem.GetProperty("quota").GetProperty("unitName").GetString());
        await ProblemAssert.IsProblemAsync(await organizer.PostAsJsonAsync(Url(c), new { number = "303", name = "无单位", categoryId = c.Brand, districtId = c.City }),
            HttpStatusCode.BadRequest, "invalid-candidate");
        await CreateCandidateAsync(organizer, c, Brand(c, "304", "暖心燃气", "市燃气公司"));
    }

    [Fact]
    public async Task ConcurrentSubmissionsNeverExceedTheQuota()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        // 市直 may recommend 3 stars; 12 organizers' clicks arrive at once.
        var responses = await AllAtOnceAsync(12, i => organizer.PostAsJsonAsync(Url(c), Star(c, $"1{i:D2}", $"明星{i}", c.City)));

        Assert.Equal(3, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict, "district-quota-exceeded");
        }
        await using var db = await factory.Db.OpenConnectionAsync();
        Assert.Equal(3, await db.ExecuteScalarAsync<int>("SELECT count(*) FROM candidates WHERE campaign_id = @Id AND category_id = @Star", c));
    }

    [Fact]
    public async Task ConcurrentSubmissionsOfOneUnitNeverExceedItsLimit()
    {
        var c = await CreateAsync(factory);
        using var organizer = await factory.AdminClientAsync(Roles.Organizer, c.Id);
        var responses = await AllAtOnceAsync(8, i => organizer.PostAsJsonAsync(Url(c), Brand(c, $"3{i:D2}", $"品牌{i}", "市公交集团")));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
    }

    /// <summary>Starts every request together (released by one semaphore) and waits for all.</summary>
    private static async Task<HttpResponseMessage[]> AllAtOnceAsync(int count, Func<int, Task<HttpResponseMessage>> send)
    {
        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, count).Select(async i =>
        {
            await start.WaitAsync();
            return await send(i);
        }).ToArray();
        start.Release(count);
        return await Task.WhenAll(attempts);
    }
}
