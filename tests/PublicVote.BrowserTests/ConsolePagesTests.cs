using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using PublicVote.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static PublicVote.BrowserTests.Infrastructure.Definitions;

namespace PublicVote.BrowserTests;

/// <summary>
/// The organizer console and the reviewer console in a laptop browser, signed in through their own forms, on real
/// data entered through the real APIs: no console error, no CSP violation; screenshots of the candidates review, the
/// results and a fraud case; a reviewer's void through the page changes the totals.
/// </summary>
public sealed class ConsolePagesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Each console tab and the heading it shows once loaded.</summary>
    private static readonly (string View, string Heading)[] Tabs =
    [
        ("overview", Name), ("totals", "实时票数"), ("candidates", "候选对象与初审"), ("objections", "异议"), ("phase", "阶段控制"),
        ("progress", "评委进度"), ("results", "评选结果"), ("publication", "发布"), ("exports", "导出"), ("audit", "审计日志"),
    ];

    [Fact]
    public async Task AnOrganizerReviewsNominationsResolvesAnObjectionAndHoldsThenAdvancesThePhase()
    {
        using var admin = await browser.App.AdminAsync();
        var (campaignId, categories, districts) = await CampaignAsync(admin, "review");
        var ids = new Dictionary<string, long>();
        (string Number, string Name, string Category, string District, bool Approved)[] nominations =
        [
            ("101", "东宝区政务服务中心窗口", "window", "dongbao", false), ("102", "市公积金中心柜台", "window", "city", false),
            ("103", "张晓敏", "star", "city", false), ("104", "陈志强", "star", "dongbao", false), ("105", "市供电公司营业厅", "window", "city", true),
            ("106", "王丽华", "star", "city", true),
        ];
        foreach (var (number, name, category, district, approved) in nominations)
        {
            ids[number] = await admin.CandidateAsync(campaignId, new
            {
                number, name, categoryId = categories[category], districtId = districts[district],
                unitName = category == "star" ? "荆门市政务服务中心" : name, post = category == "star" ? "综合受理员" : null,
                slogan = "一次办好，群众满意", materials = "窗口推行一窗受理、集成服务，全年办件两万余件，群众满意率99%以上。",
            }, photos: 2, approve: approved, seed: ids.Count * 2);
        }
        using (var citizen = new HttpClient { BaseAddress = browser.App.BaseUrl })
        {
            using var filed = await citizen.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/objections", new
            {
                candidateId = ids["106"], text = "该候选人公示材料中的获奖年份与实际不符。", contactName = "张先生", contactPhone = "13800000001",
            });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        }
        var organizer = await admin.AccountAsync("organizer", campaignId);
        await using var desk = await browser.NewDeskAsync();
        var page = desk.Page;

        await desk.SignInAsync("/console/", organizer, AdminClient.Password);
        await Expect(page.Locator("#view h2")).ToHaveTextAsync(Name); // the organizer's campaign opens by itself
        await Expect(page.Locator("#who")).ToContainTextAsync("organizer");

        // 候选对象: the nominations waiting for 初审, with their photos.
        await OpenTabAsync(page, "candidates", "候选对象与初审");
        await page.SelectOptionAsync("#f-review", "submitted");
        await page.ClickAsync(".filters button[type=submit]");
        var rows = page.Locator("tr.candidate-row");
        await Expect(rows).ToHaveCountAsync(4);
        await ExpectPhotosAsync(page.Locator("tr.candidate-row img.thumb"), 4);
        await rows.Filter(new() { HasText = "102" }).Locator("button.open").ClickAsync();
        await ExpectPhotosAsync(page.Locator("#candidate-detail img.thumb"), 2);
        await page.ClickAsync("#approve");
        await Expect(page.Locator("#review-message")).ToHaveTextAsync("已保存：102 市公积金中心柜台 — 初审：已通过；资格：有效。");
        await Expect(rows).ToHaveCountAsync(3);

        await rows.Filter(new() { HasText = "103" }).Locator("button.open").ClickAsync();
        await page.ClickAsync("#reject");
        await Expect(page.Locator("#review-message")).ToHaveTextAsync("请填写理由。");
        await page.FillAsync("#review-reason", "事迹材料缺少单位盖章，请补充后重新申报");
        await page.ClickAsync("#reject");
        await Expect(page.Locator("#review-message")).ToContainTextAsync("初审：已退回");

        await page.SelectOptionAsync("#f-review", "approved");
        await page.ClickAsync(".filters button[type=submit]");
        await rows.Filter(new() { HasText = "105" }).Locator("button.open").ClickAsync();
        await page.FillAsync("#review-reason", "经查申报材料弄虚作假");
        await page.ClickAsync("#disqualify");
        await Expect(page.Locator("#review-message")).ToContainTextAsync("资格：取消资格");

        await page.SelectOptionAsync("#f-review", "");
        await page.ClickAsync(".filters button[type=submit]");
        await Expect(rows).ToHaveCountAsync(6);
        await rows.Filter(new() { HasText = "101" }).Locator("button.open").ClickAsync();
        await ExpectPhotosAsync(page.Locator("tr.candidate-row img.thumb"), 6);
        await ExpectPhotosAsync(page.Locator("#candidate-detail img.thumb"), 2);
        await desk.ScreenshotAsync("console-candidates-review");
        var list = await admin.GetAsync($"/api/admin/campaigns/{campaignId}/candidates");
        var stored = list["items"]!.AsArray().ToDictionary(c => c!["number"]!.GetValue<string>(),
            c => (Review: c!["reviewStatus"]!.GetValue<string>(), Reason: c["reviewReason"]?.GetValue<string>(), Status: c["status"]!.GetValue<string>(), Why: c["statusReason"]?.GetValue<string>()));
        Assert.Equal(("approved", null, "active", null), stored["102"]);
        Assert.Equal(("rejected", "事迹材料缺少单位盖章，请补充后重新申报", "active", null), stored["103"]);
        Assert.Equal(("approved", null, "disqualified", "经查申报材料弄虚作假"), stored["105"]);
        Assert.Equal(("submitted", null, "active", null), stored["101"]);

        // 异议: the citizen's objection, resolved as upheld with a written resolution.
        await OpenTabAsync(page, "objections", "异议（1 件）");
        await Expect(page.Locator("tr.objection-open")).ToContainTextAsync("13800000001");
        await page.SelectOptionAsync("form.resolve select", "upheld");
        await page.FillAsync("form.resolve textarea", "经核实，材料中的获奖年份有误，异议成立，取消其候选资格。");
        await page.ClickAsync("form.resolve button[type=submit]");
        await Expect(page.Locator("#view")).ToContainTextAsync("没有符合条件的异议。");
        await page.SelectOptionAsync("#o-status", "all");
        await Expect(page.Locator("tr.objection-upheld")).ToContainTextAsync("经核实，材料中的获奖年份有误");
        await Expect(page.Locator("tr.objection-upheld a")).ToHaveTextAsync("去取消该候选对象资格 →");
        var objection = (await admin.GetAsync($"/api/admin/campaigns/{campaignId}/objections"))["items"]![0]!;
        Assert.Equal(("upheld", organizer), (objection["status"]!.GetValue<string>(), objection["resolvedBy"]!.GetValue<string>()));

        // 阶段: hold the review notice, release the hold, then advance to the vote, each with its reason.
        await OpenTabAsync(page, "phase", "阶段控制");
        await Expect(page.Locator(".stat").First).ToContainTextAsync("初审公示");
        await page.FillAsync("#phase-reason", "异议核查中，公示期暂缓结束");
        await page.ClickAsync("#hold");
        await Expect(page.Locator("#phase-message")).ToHaveTextAsync("已暂停：当前阶段 初审公示。");
        await Expect(page.Locator(".stat").First).ToContainTextAsync("暂停");
        await page.FillAsync("#phase-reason", "核查完毕");
        await page.ClickAsync("#release");
        await Expect(page.Locator("#phase-message")).ToHaveTextAsync("已解除调整：当前阶段 初审公示。");
        await page.SelectOptionAsync("#advance-to", "vote");
        await page.FillAsync("#phase-reason", "领导小组决定提前开始投票");
        await page.ClickAsync("#advance");
        await Expect(page.Locator("#phase-message")).ToHaveTextAsync("已提前进入：当前阶段 评选投票。");
        var phase = await admin.GetAsync($"/api/admin/campaigns/{campaignId}/phase");
        Assert.Equal(("vote", "advance"), (phase["phase"]!["kind"]!.GetValue<string>(), phase["override"]!["mode"]!.GetValue<string>()));

        await OpenTabAsync(page, "audit", "审计日志");
        foreach (var action in new[] { "candidate.approve", "candidate.reject", "candidate.disqualify", "objection.resolve", "phase.hold", "phase.release", "phase.advance" })
        {
            await Expect(page.Locator("#view table")).ToContainTextAsync(action);
        }
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task EveryTabLoadsCleanlyWithTotalsPendingReviewAndTheComputedResultTable()
    {
        using var admin = await browser.App.AdminAsync();
        var (campaignId, categories, districts) = await CampaignAsync(admin, "vote");
        (string Number, string Name, string Category, string District, int Votes, int JudgeA, int JudgeB)[] field =
        [
            ("201", "东宝区政务服务中心窗口", "window", "dongbao", 9, 88, 86), ("202", "市公积金中心柜台", "window", "city", 6, 92, 90),
            ("203", "掇刀区不动产登记窗口", "window", "dongbao", 7, 75, 79), ("204", "市供电公司营业厅", "window", "city", 3, 80, 84),
            ("211", "王丽华", "star", "city", 5, 90, 94), ("212", "李建国", "star", "dongbao", 8, 85, 81), ("213", "张晓敏", "star", "city", 2, 70, 72),
        ];
        var ids = new Dictionary<string, long>();
        foreach (var c in field)
        {
            ids[c.Number] = await admin.CandidateAsync(campaignId, new
            {
                number = c.Number, name = c.Name, categoryId = categories[c.Category], districtId = districts[c.District],
                unitName = c.Category == "star" ? "荆门市政务服务中心" : c.Name,
            }, seed: ids.Count);
            for (var v = 0; v < c.Votes; v++)
            {
                await browser.App.VoteAsync(campaignId, ids[c.Number], $"console-{c.Number}-{v}");
            }
        }
        // 204 surges: its risky votes (fresh accounts, no vote token) are kept but held for review.
        await browser.App.SurgeAsync(campaignId, ids["204"]);
        for (var v = 0; v < 3; v++)
        {
            await browser.App.VoteAsync(campaignId, ids["204"], $"console-surge-{v}");
        }
        await browser.App.DrainAsync();
        foreach (var judgeIndex in new[] { 0, 1 })
        {
            using var judge = await AdminClient.SignInAsync(browser.App.BaseUrl, await admin.AccountAsync("judge", campaignId), AdminClient.Password);
            foreach (var c in field)
            {
                await judge.PostAsync($"/api/admin/campaigns/{campaignId}/scores",
                    new { candidateId = ids[c.Number], scores = new { overall = judgeIndex == 0 ? c.JudgeA : c.JudgeB }, submit = true });
            }
        }
        var organizer = await admin.AccountAsync("organizer", campaignId);
        await using var desk = await browser.NewDeskAsync();
        var page = desk.Page;

        await desk.SignInAsync("/console/", organizer, AdminClient.Password);
        foreach (var (view, heading) in Tabs)
        {
            await OpenTabAsync(page, view, heading);
        }

        await OpenTabAsync(page, "totals", "实时票数");
        var row204 = page.Locator("#view tr", new() { HasText = "市供电公司营业厅" });
        await Expect(row204).ToContainTextAsync("3 票待审核");
        await Expect(row204.Locator("td").Nth(3)).ToHaveTextAsync("3"); // the counted votes only
        await Expect(page.Locator(".pending-note")).ToContainTextAsync("共 3 票待审核");

        await OpenTabAsync(page, "results", "评选结果");
        await Expect(page.Locator("#view table")).ToHaveCountAsync(2);
        var first = page.Locator("#view table").First.Locator("tbody tr.awarded");
        await Expect(first).ToHaveCountAsync(2);
        // 201: 9 votes (the category's top) → 60.00; judges (88 + 86) ÷ 2 = 87.00 → 34.80; total 94.80, rank 1.
        await Expect(first.First).ToContainTextAsync("94.80");
        await Expect(first.First).ToContainTextAsync("东宝区政务服务中心窗口");
        await Expect(page.Locator("#view")).ToContainTextAsync("得票 9（本类最高 9）");
        await desk.ScreenshotAsync("console-results");
        await desk.AssertCleanAsync();
    }

    [Fact]
    public async Task AReviewerVoidsABurstCaseThroughThePageAndTheTotalsDrop()
    {
        using var admin = await browser.App.AdminAsync();
        var (campaignId, categories, districts) = await CampaignAsync(admin, "vote");
        var honest = await admin.CandidateAsync(campaignId, new { number = "301", name = "王丽华", categoryId = categories["star"], districtId = districts["city"], unitName = "市人社局" }, seed: 3);
        var target = await admin.CandidateAsync(campaignId, new { number = "302", name = "李建国", categoryId = categories["star"], districtId = districts["city"], unitName = "荆门公交一路车队" }, seed: 4);
        for (var v = 0; v < 4; v++)
        {
            await browser.App.VoteAsync(campaignId, honest, $"review-honest-{v}");
        }
        var burst = new List<string>();
        for (var v = 0; v < 12; v++)
        {
            burst.Add(await browser.App.VoteAsync(campaignId, target, $"review-farm-{v}"));
        }
        // The detector host's scan with a test detector: the 12 fresh-account votes for 302 become a case.
        await browser.App.ScanAsync();
        var reviewer = await admin.AccountAsync("reviewer", campaignId);
        await using var desk = await browser.NewDeskAsync();
        var page = desk.Page;

        await desk.SignInAsync($"/review/?campaign={campaignId}", reviewer, AdminClient.Password);
        var caseRow = page.Locator("#case-rows tr.case");
        await Expect(caseRow).ToHaveCountAsync(1);
        await Expect(caseRow).ToContainTextAsync("302 李建国");
        await Expect(caseRow).ToContainTextAsync("12 / 0 / 0 / 0");

        // The reviewer's console is under the same sign-in: the totals before.
        await page.GotoAsync($"/console/#campaign={campaignId}&view=totals");
        var totalsRow = page.Locator("#view tr", new() { HasText = "李建国" });
        await Expect(totalsRow.Locator("td").Nth(3)).ToHaveTextAsync("12");

        await page.GotoAsync($"/review/?campaign={campaignId}");
        await caseRow.ClickAsync();
        await Expect(page.Locator("#case-title")).ToContainTextAsync("302 李建国（待处理）");
        await Expect(page.Locator("#votes tr")).ToHaveCountAsync(12);
        await Expect(page.Locator("#chart svg rect[fill='#c33']").First).ToBeAttachedAsync();
        await Expect(page.Locator("#composition")).ToContainTextAsync("新账号占比");
        await desk.ScreenshotAsync("review-case");

        await page.FillAsync("#reason", "12 个从未登录的新账号在一分钟内集中投票，判定为刷票");
        await page.ClickAsync(".actions button[data-action=void]:not([data-selection])"); // confirm() is accepted
        await Expect(page.Locator("#action-result")).ToHaveTextAsync("已完成：12 票状态改变；案件现为「已处理」。");
        await Expect(page.Locator("#votes .status-voided")).ToHaveCountAsync(12);

        await page.GotoAsync($"/console/#campaign={campaignId}&view=totals");
        // The totals are cached a second and the view refreshes every 5 s.
        await Expect(totalsRow.Locator("td").Nth(3)).ToHaveTextAsync("0", new() { Timeout = 12_000 });
        await Expect(totalsRow.Locator("td").Nth(4)).ToHaveTextAsync("0"); // flushed totals too
        var honestRow = page.Locator("#view tr", new() { HasText = "王丽华" });
        await Expect(honestRow.Locator("td").Nth(3)).ToHaveTextAsync("4");
        var totals = await admin.GetAsync($"/api/admin/campaigns/{campaignId}/totals");
        var after = totals["candidates"]!.AsArray().Single(c => c!["candidateId"]!.GetValue<long>() == target)!;
        Assert.Equal((0, 0), (after["votes"]!.GetValue<int>(), after["flushedVotes"]!.GetValue<int>()));
        var audit = await admin.GetAsync($"/api/admin/audit?campaignId={campaignId}&action=fraud.votes.void");
        Assert.Equal(reviewer, audit["items"]![0]!["actorName"]!.GetValue<string>());
        Assert.Equal(burst.Order(StringComparer.Ordinal), audit["items"]![0]!["after"]!["receipts"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal));
        await desk.AssertCleanAsync();
    }

    /// <summary>A campaign imported through the admin API, now one day into <paramref name="current"/>, with its ids by code.</summary>
    private async Task<(long Id, Dictionary<string, long> Categories, Dictionary<string, long> Districts)> CampaignAsync(AdminClient admin, string current)
    {
        var id = await admin.ImportCampaignAsync(AllPhases(browser.App.Clock.GetUtcNow(), current));
        var (categories, districts) = await admin.CodesAsync(id);
        return (id, categories, districts);
    }

    /// <summary>Clicks a console tab and waits until its view has loaded without an error.</summary>
    private static async Task OpenTabAsync(IPage page, string view, string heading)
    {
        await page.ClickAsync($"#tabs button[data-view={view}]");
        await Expect(page.Locator($"#tabs button[data-view={view}]")).ToHaveClassAsync("active");
        await Expect(page.Locator("#view h2").First).ToContainTextAsync(heading);
        await Expect(page.Locator("#status")).ToHaveTextAsync("");
    }

    /// <summary>The images are there and decoded: real thumbnails from /media, not broken links.</summary>
    private static async Task ExpectPhotosAsync(ILocator images, int count)
    {
        await Expect(images).ToHaveCountAsync(count);
        for (var i = 0; i < count; i++)
        {
            await images.Nth(i).EvaluateAsync("img => img.decode()");
            Assert.True(await images.Nth(i).EvaluateAsync<int>("img => img.naturalWidth") > 0,
                string.Create(CultureInfo.InvariantCulture, $"image {i} loaded"));
        }
    }
}
