using System.Globalization;
using Dapper;
using PublicVote.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PublicVote.BrowserTests.Infrastructure.Definitions;

namespace PublicVote.BrowserTests;

/// <summary>
/// The fields the other features add to the public API (campaign phase and organizer, districts, candidate details and
/// photos, objections, results), all from real data entered through the real APIs: a campaign imported from a
/// definition, candidates and their photos through the organizer API, an objection stored by the public API, and a
/// result scored by a judge and published by the organizer.
/// </summary>
public sealed class ContractFieldsTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task InTheReviewNoticeThePagesShowPhaseDistrictsDetailsAndTakeAnObjection()
    {
        using var admin = await browser.App.AdminAsync();
        var now = browser.App.Clock.GetUtcNow();
        var campaignId = await admin.ImportCampaignAsync(Campaign(
            [Phase("review", "初审公示", now.AddDays(-1), now.AddDays(2)), Phase("vote", "群众投票", now.AddDays(3), now.AddDays(13))],
            WindowsAndStars(), [District("dongbao", "东宝区"), District("duodao", "掇刀区")], VoteRules()));
        var (categories, districts) = await admin.CodesAsync(campaignId);
        var candidateId = 0L;
        var names = BrowserCampaigns.Windows.Concat(BrowserCampaigns.Stars).ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            var number = (i + 1).ToString("D3", CultureInfo.InvariantCulture);
            var details = number == "009";
            var id = await admin.CandidateAsync(campaignId, new
            {
                number,
                name = names[i],
                categoryId = categories[i < 8 ? "window" : "star"],
                districtId = districts[i % 2 == 0 ? "dongbao" : "duodao"],
                unitName = details ? "市人社局社保窗口" : "荆门市自来水公司",
                post = details ? "综合柜员" : null,
                slogan = details ? "用心服务每一位群众" : null,
                materials = details ? "从事窗口服务十二年，累计办理业务三万余件，零差错、零投诉。\n主动推行延时服务和上门服务。" : null,
                honours = details ? "2018年度荆门市“三八红旗手”" : null,
            }, seed: i);
            candidateId = details ? id : candidateId;
        }
        await using var phone = await browser.NewPhoneAsync("contract-voter");
        var page = phone.Page;

        await page.GotoAsync($"/h5/?c={campaignId}");
        await Expect(page.Locator("#top .badge")).ToHaveTextAsync("初审公示");
        await Expect(page.Locator("#top .organizer")).ToContainTextAsync("荆门市总工会");
        await Expect(page.Locator("#top .countdown")).ToContainTextAsync("距投票开始");
        await Expect(page.Locator("#district option")).ToHaveCountAsync(3);
        await Expect(page.Locator("#cards .cand img.thumb")).ToHaveCountAsync(12);
        await Expect(page.Locator("#cards .cand-unit").First).ToHaveTextAsync("荆门市自来水公司");
        await Expect(page.Locator(".rules .phases li")).ToHaveCountAsync(2);
        Assert.True(await page.Locator("#cards .cand img.thumb").First.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 240"),
            "the list shows the uploaded photo's thumbnail");

        await page.GotoAsync($"/h5/candidate.html?c={campaignId}&id={candidateId}");
        await Expect(page.Locator(".gallery img")).ToHaveCountAsync(1);
        await Expect(page.Locator(".profile .cand-unit")).ToHaveTextAsync("市人社局社保窗口 · 综合柜员");
        await Expect(page.Locator(".slogan")).ToHaveTextAsync("用心服务每一位群众");
        await Expect(page.Locator("section.card h2", new() { HasText = "事迹材料" })).ToBeVisibleAsync();
        await Expect(page.Locator("text=2018年度荆门市“三八红旗手”")).ToBeVisibleAsync();
        await Expect(page.Locator("#vote")).ToHaveTextAsync("投票尚未开始");
        await page.Locator(".gallery img").EvaluateAsync("img => img.decode()");
        await phone.ScreenshotAsync("7-candidate-with-details");

        // The poster: drawn from these fields and the link's QR code, shown as an image to long-press and save.
        await page.ClickAsync("text=生成拉票海报");
        await Expect(page.Locator(".poster-img")).ToBeVisibleAsync();
        Assert.Equal(1200, await page.Locator(".poster-img").EvaluateAsync<int>("img => img.naturalWidth"));
        await phone.ScreenshotAsync("8-poster");
        await page.ClickAsync("#poster button");
        await Expect(page.Locator("#poster")).ToBeHiddenAsync();

        await page.ClickAsync("text=对这位候选人有异议？");
        await Expect(page.Locator("form strong")).ToHaveTextAsync("009号 王丽华");
        await page.FillAsync("#text", "该候选人材料中的获奖年份与实际不符。");
        await page.FillAsync("#contactPhone", "13800000000");
        await page.ClickAsync("form button[type=submit]");
        await Expect(page.Locator("main")).ToContainTextAsync("受理编号：");
        await using var db = await browser.App.Db.OpenConnectionAsync();
        var stored = Assert.Single(await db.QueryAsync<(long Id, long CandidateId, string Text, string? ContactName, string? ContactPhone, string Phase, string Status)>(
            "SELECT id, candidate_id, text, contact_name, contact_phone, phase, status FROM objections WHERE campaign_id = @campaignId", new { campaignId }));
        Assert.Equal((candidateId, "该候选人材料中的获奖年份与实际不符。", null, "13800000000", "review", "open"),
            (stored.CandidateId, stored.Text, stored.ContactName, stored.ContactPhone, stored.Phase, stored.Status));
        await Expect(page.Locator("main")).ToContainTextAsync($"受理编号：{stored.Id}。");
        Assert.Empty(await phone.CspViolationsAsync());
    }

    [Fact]
    public async Task TheResultsPageWaitsForPublicationThenShowsTheNotice()
    {
        using var admin = await browser.App.AdminAsync();
        var now = browser.App.Clock.GetUtcNow();
        var campaignId = await admin.ImportCampaignAsync(Campaign(
            [Phase("expertReview", "专家评审", now.AddDays(-5), now.AddDays(-1)), Phase("resultsNotice", "结果公示", now.AddDays(-1), now.AddDays(5))],
            [Category("star", "优质服务明星", "person", awardQuota: 1)],
            scoring: [Source("judges", "评委打分", "rubric", 100)], rubric: OverallRubric(), photosMin: 0));
        var (categories, _) = await admin.CodesAsync(campaignId);
        var li = await admin.CandidateAsync(campaignId, new { number = "010", name = "李建国", categoryId = categories["star"], unitName = "荆门公交一路车队" }, photos: 0);
        var wang = await admin.CandidateAsync(campaignId, new { number = "009", name = "<b>王丽华</b>", categoryId = categories["star"] }, photos: 0);
        await using var phone = await browser.NewPhoneAsync("results-voter");

        await phone.Page.GotoAsync($"/h5/results.html?c={campaignId}");
        await Expect(phone.Page.Locator("main")).ToContainTextAsync("评选结果尚未公布");

        using (var judge = await AdminClient.SignInAsync(browser.App.BaseUrl, await admin.AccountAsync("judge", campaignId), AdminClient.Password))
        {
            await judge.PostAsync($"/api/admin/campaigns/{campaignId}/scores", new { candidateId = li, scores = new { overall = 91.5 }, submit = true });
            await judge.PostAsync($"/api/admin/campaigns/{campaignId}/scores", new { candidateId = wang, scores = new { overall = 88 }, submit = true });
        }
        var published = await admin.PostAsync($"/api/admin/campaigns/{campaignId}/results/publications", new { stage = "notice" }, System.Net.HttpStatusCode.Created);
        Assert.Equal(1, published["version"]!.GetValue<int>());
        await phone.Page.ReloadAsync();

        await Expect(phone.Page.Locator("main h2").First).ToHaveTextAsync("拟表彰名单公示");
        await Expect(phone.Page.Locator(".results li")).ToHaveCountAsync(2);
        await Expect(phone.Page.Locator(".results li.awarded")).ToContainTextAsync("李建国");
        await Expect(phone.Page.Locator(".results li.awarded")).ToContainTextAsync("荆门公交一路车队");
        await Expect(phone.Page.Locator(".results li").Nth(1)).ToContainTextAsync("<b>王丽华</b>");
        Assert.Empty(await phone.CspViolationsAsync());
    }
}
