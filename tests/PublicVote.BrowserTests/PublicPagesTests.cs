using Microsoft.Playwright;
using PublicVote.BrowserTests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace PublicVote.BrowserTests;

/// <summary>Outside WeChat, first-load weight, user-supplied text, large system fonts and labels.</summary>
public sealed class PublicPagesTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    private const int BudgetBytes = 150 * 1024;

    [Fact]
    public async Task OutsideWeChatTheLinkOpensTheOpenInWeChatPageAndViewingStillWorks()
    {
        var campaign = await browser.App.CreateCampaignAsync();
        await using var phone = await browser.NewPhoneAsync(userAgent: Phone.SafariIPhone);
        var page = phone.Page;

        await page.GotoAsync($"/h5/?c={campaign.Id}");

        await page.WaitForURLAsync("**/h5/wechat.html?next=*");
        await Expect(page.Locator("h1")).ToHaveTextAsync("请在微信中打开");
        await Expect(page.Locator(".link code")).ToHaveTextAsync($"{browser.App.BaseUrl.GetLeftPart(UriPartial.Authority)}/h5/?c={campaign.Id}");
        Assert.True(await page.Locator("img.qr").EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 100"), "the QR code loads");
        await phone.ScreenshotAsync("5-open-in-wechat");

        await page.ClickAsync("#browse");
        await Expect(page.Locator("#cards .cand")).ToHaveCountAsync(12);
        await page.ClickAsync("#cards .cand a >> nth=2");
        await Expect(page.Locator("#vote")).ToHaveTextAsync("到微信中投票");
        Assert.Empty(phone.VoteKeys);
        Assert.Empty(await phone.CspViolationsAsync());
    }

    [Fact]
    public async Task AFailedWeChatSignInShowsAChinesePageThatLeadsBackAndSigningInAgainWorks()
    {
        var campaign = await browser.App.CreateCampaignAsync();
        var candidatePage = $"/h5/candidate.html?c={campaign.Id}&id={campaign.Candidates["003"]}";
        await using var phone = await browser.NewPhoneAsync(openId: null);
        var page = phone.Page;
        // WeChat refuses the first code, as it does an expired one.
        await browser.App.Sandbox.InjectFaultAsync("/sns/oauth2/access_token", 40029, count: 1);

        await page.GotoAsync(candidatePage);
        await ConsentAsync(page, "failed-sign-in-voter");

        await Expect(page.Locator("h1")).ToHaveTextAsync("登录链接已失效");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("urn:publicvote");
        await phone.ScreenshotAsync("9-sign-in-failed");
        await page.ClickAsync("text=返回投票页面");
        await page.WaitForURLAsync($"**{candidatePage}");
        // Back on its page, which does not send the citizen round again by itself but offers the sign-in.
        await Expect(page.Locator("#vote")).ToHaveTextAsync("微信登录后投票");
        await page.ClickAsync("#vote");
        await ConsentAsync(page, "failed-sign-in-voter");
        await page.WaitForURLAsync($"**{candidatePage}");
        await Expect(page.Locator("#vote")).ToHaveTextAsync("投TA一票");
        Assert.Empty(await phone.CspViolationsAsync());
    }

    /// <summary>The sandbox's consent page (WeChat's authorize page): sign in as <paramref name="openId"/>.</summary>
    private async Task ConsentAsync(IPage page, string openId)
    {
        await page.WaitForURLAsync(url => url.StartsWith(browser.App.Sandbox.BaseUrl.AbsoluteUri, StringComparison.Ordinal));
        await page.FillAsync("#openid", openId);
        await page.ClickAsync("button[value=approve]");
    }

    [Fact]
    public async Task FirstLoadOfTheHomeAndCandidatePagesStaysUnder150KB()
    {
        var campaign = await browser.App.CreateCampaignAsync();
        await using var phone = await browser.NewPhoneAsync("budget-voter");
        var transferred = new List<(string Url, long Bytes)>();
        phone.Page.RequestFinished += async (_, request) =>
        {
            var sizes = await request.SizesAsync();
            lock (transferred)
            {
                transferred.Add((request.Url, sizes.ResponseHeadersSize + sizes.ResponseBodySize + sizes.RequestHeadersSize));
            }
        };

        await phone.Page.GotoAsync($"/h5/?c={campaign.Id}", new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Expect(phone.Page.Locator("#cards .cand")).ToHaveCountAsync(12);
        var home = Total(transferred);
        transferred.Clear();
        await phone.Page.ClickAsync("#cards .cand a >> nth=0");
        await phone.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await Expect(phone.Page.Locator("#vote")).ToHaveTextAsync("投TA一票");
        var candidate = Total(transferred);

        output.WriteLine($"first load of home (sign-in redirects included): {home.Bytes} bytes in {home.Requests} requests");
        output.WriteLine($"then the candidate page (assets cached): {candidate.Bytes} bytes in {candidate.Requests} requests");
        Assert.InRange(home.Bytes, 1, BudgetBytes);
        Assert.InRange(candidate.Bytes, 1, BudgetBytes);
    }

    [Fact]
    public async Task CandidateTextIsShownAsTextNeverRunAsMarkup()
    {
        const string markup = "<img src=x onerror=\"window.__xss=1\"><script>window.__xss=2</script>";
        var campaign = await browser.App.CreateCampaignAsync(new BrowserCampaignSpec { Names = new Dictionary<int, string> { [0] = markup } });
        await using var phone = await browser.NewPhoneAsync("xss-voter");

        await phone.Page.GotoAsync($"/h5/?c={campaign.Id}");
        await Expect(phone.Page.Locator("#cards .cand-name").First).ToHaveTextAsync(markup);
        await phone.Page.GotoAsync($"/h5/candidate.html?c={campaign.Id}&id={campaign.Candidates["001"]}");
        await Expect(phone.Page.Locator(".profile .cand-name")).ToHaveTextAsync(markup);
        await phone.Page.ClickAsync("#vote");
        await Expect(phone.Page.Locator(".confirm")).ToContainTextAsync("投票成功");

        Assert.Null(await phone.Page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        Assert.Equal(0, await phone.Page.Locator("main img[src=x], main script").CountAsync());
        Assert.Empty(await phone.CspViolationsAsync());
    }

    [Fact]
    public async Task PagesFitA360PxScreenWithDoubleSizeTextAndEveryControlHasALabel()
    {
        var campaign = await browser.App.CreateCampaignAsync();
        await using var phone = await browser.NewPhoneAsync("large-text-voter");
        string[] pages =
        [
            $"/h5/?c={campaign.Id}", $"/h5/candidate.html?c={campaign.Id}&id={campaign.Candidates["010"]}",
            $"/h5/me.html?c={campaign.Id}", $"/h5/ranking.html?c={campaign.Id}", $"/h5/wechat.html?next=/h5/%3Fc%3D{campaign.Id}",
        ];
        foreach (var url in pages)
        {
            await phone.Page.GotoAsync(url, new() { WaitUntil = WaitUntilState.NetworkIdle });
            await Expect(phone.Page.Locator("main .loading")).ToHaveCountAsync(0);
            // The system's large-text setting, as WeChat applies it: the root font size doubles.
            await phone.Page.EvaluateAsync("() => { document.documentElement.style.fontSize = '200%'; }");
            var overflow = await phone.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"{url} scrolls sideways by {overflow}px with double-size text");
            var unlabeled = await phone.Page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('button, a[href], input:not([type=hidden]), select, textarea')]
                  .filter(el => !(el.getAttribute('aria-label') || (el.labels && el.labels.length) || el.textContent.trim() || el.getAttribute('alt')))
                  .map(el => el.outerHTML.slice(0, 80))
                """);
            Assert.True(unlabeled.Length == 0, $"{url}: controls without a label: {string.Join(" | ", unlabeled)}");
            if (url.Contains("candidate", StringComparison.Ordinal))
            {
                await phone.ScreenshotAsync("6-candidate-large-text");
            }
        }
        Assert.Empty(await phone.CspViolationsAsync());
    }

    private static (long Bytes, int Requests) Total(List<(string Url, long Bytes)> transferred)
    {
        lock (transferred)
        {
            // Photos are outside the budget (lazy-loaded thumbnails and gallery images under /media).
            var counted = transferred.Where(t => !t.Url.Contains("/media/", StringComparison.Ordinal)).ToArray();
            return (counted.Sum(t => t.Bytes), counted.Length);
        }
    }
}
