using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PublicVote.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PublicVote.BrowserTests;

/// <summary>A citizen's whole day, from the shared link to the daily limit, on a phone inside WeChat.</summary>
public sealed partial class JourneyTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task CitizenVotesFromTheLinkToTheDailyLimitAndTheServerCountsMatch()
    {
        var campaign = await browser.App.CreateCampaignAsync(new BrowserCampaignSpec { DailyLimit = 3, PerCandidateLimit = 1 });
        await using var phone = await browser.NewPhoneAsync(openId: null);
        var page = phone.Page;

        // The link from the official account's article → WeChat's consent page (the sandbox) → back to the list.
        await page.GotoAsync($"/h5/?c={campaign.Id}");
        await page.WaitForURLAsync(url => url.StartsWith(browser.App.Sandbox.BaseUrl.AbsoluteUri, StringComparison.Ordinal));
        await page.FillAsync("#openid", "journey-voter-1");
        await page.ClickAsync("button[value=approve]");
        await page.WaitForURLAsync(new Regex($@"/h5/\?c={campaign.Id}$"));
        await Expect(page.Locator("#cards .cand")).ToHaveCountAsync(12);
        await Expect(page.Locator(".myday")).ToContainTextAsync("今天还可以投 3 票");
        await Expect(page.Locator("#top h1")).ToHaveTextAsync(campaign.Name);
        await phone.ScreenshotAsync("1-home");

        // Search by number → the one card → its page.
        await page.FillAsync("#q", "007");
        await page.ClickAsync("form[role=search] button");
        await Expect(page.Locator("#cards .cand")).ToHaveCountAsync(1);
        await Expect(page.Locator("#cards .cand")).ToContainTextAsync("007号");
        await page.ClickAsync("#cards .cand a");
        await Expect(page.Locator(".profile .cand-name")).ToHaveTextAsync("中心城区供水营业厅");
        await Expect(page.Locator("#vote")).ToHaveTextAsync("投TA一票");
        await phone.ScreenshotAsync("2-candidate");

        // A second tab on the same candidate, opened before the vote: its button still offers to vote.
        var staleTab = await phone.Context.NewPageAsync();
        await staleTab.GotoAsync(page.Url);
        await Expect(staleTab.Locator("#vote")).ToHaveTextAsync("投TA一票");

        // Vote → confirmation with the receipt and the votes left today.
        await page.ClickAsync("#vote");
        await Expect(page.Locator(".confirm")).ToContainTextAsync("投票成功");
        await Expect(page.Locator(".confirm .remaining")).ToHaveTextAsync("2");
        var receipts = new List<string> { await page.Locator(".confirm .receipt").InnerTextAsync() };
        Assert.Matches($@"^{campaign.Id}-0-\d+-\d+$", receipts[0]);
        await phone.ScreenshotAsync("3-confirmation");
        await Expect(page.Locator("#vote")).ToHaveTextAsync("今天已投过TA");
        await Expect(page.Locator("#vote")).ToBeDisabledAsync();

        // The same candidate again: the page knows (after a reload), and the stale tab gets the server's answer.
        await page.ReloadAsync();
        await Expect(page.Locator("#vote")).ToHaveTextAsync("今天已投过TA");
        await Expect(page.Locator("#vote")).ToBeDisabledAsync();
        await staleTab.ClickAsync("#vote");
        await Expect(staleTab.Locator("#feedback [role=alert]")).ToHaveTextAsync("您今天已经给这位候选人投过票了，明天可以再投。");

        // Two more votes use up the day; a tab opened before the last one still offers to vote.
        var limitTab = await phone.Context.NewPageAsync();
        await limitTab.GotoAsync($"/h5/candidate.html?c={campaign.Id}&id={campaign.Candidates["003"]}");
        await Expect(limitTab.Locator("#vote")).ToHaveTextAsync("投TA一票");
        foreach (var number in new[] { "002", "010" })
        {
            await page.GotoAsync($"/h5/candidate.html?c={campaign.Id}&id={campaign.Candidates[number]}");
            await page.ClickAsync("#vote");
            await Expect(page.Locator(".confirm")).ToContainTextAsync("投票成功");
            receipts.Add(await page.Locator(".confirm .receipt").InnerTextAsync());
        }
        await Expect(page.Locator(".confirm .remaining")).ToHaveTextAsync("0");

        // The limit: that tab gets the server's refusal in plain words, and a fresh page says so up front.
        await limitTab.ClickAsync("#vote");
        await Expect(limitTab.Locator("#feedback [role=alert]")).ToHaveTextAsync("您今天的票已经全部投完了，明天再来吧。");
        await Expect(limitTab.Locator("#vote")).ToHaveTextAsync("今天的票已投完");
        await page.GotoAsync($"/h5/candidate.html?c={campaign.Id}&id={campaign.Candidates["004"]}");
        await Expect(page.Locator("#vote")).ToHaveTextAsync("今天的票已投完");
        await Expect(page.Locator("#vote")).ToBeDisabledAsync();

        // The server's counts match what the pages said: three stored votes, one each, with the receipts shown.
        var stored = await browser.App.StoredVotesAsync(campaign.Id);
        Assert.Equal(new Dictionary<long, long>
        {
            [campaign.Candidates["007"]] = 1, [campaign.Candidates["002"]] = 1, [campaign.Candidates["010"]] = 1,
        }, stored);
        await page.GotoAsync($"/h5/me.html?c={campaign.Id}");
        await Expect(page.Locator(".myday")).ToContainTextAsync("今天已投 3 票，还可以投 0 票");
        await Expect(page.Locator(".receipts .receipt")).ToHaveCountAsync(3);
        Assert.Equal(receipts.Order(), (await page.Locator(".receipts .receipt").AllInnerTextsAsync()).Order());

        // The ranking shows the same totals (cached for about a second on the server).
        await page.GotoAsync($"/h5/ranking.html?c={campaign.Id}");
        await Expect(page.Locator("#ranking li").First).ToContainTextAsync("1 票");
        await Expect(page.Locator("#ranking li")).ToHaveCountAsync(8);
        await phone.ScreenshotAsync("4-ranking");
        Assert.Empty(await phone.CspViolationsAsync());
        output.WriteLine($"screenshots: {BrowserFixture.ScreenshotDir}");
    }
}
