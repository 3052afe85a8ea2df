using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace PublicVote.BrowserTests.Infrastructure;

/// <summary>
/// One phone: a browser context at 360×640 with a phone's User-Agent, its own cookies and cache, and one page.
/// WeChat's JS-SDK host is unreachable here (no network), so its requests are refused at once, which also shows
/// the pages work without it. Content-Security-Policy violations are recorded for the tests to assert on.
/// </summary>
public sealed class Phone : IAsyncDisposable
{
    public const string WeChatAndroid =
        "Mozilla/5.0 (Linux; Android 13; V2055A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) " +
        "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160117 MMWEBSDK/20240404 MMWEBID/2307 " +
        "MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/4G Language/zh_CN ABI/arm64";

    public const string SafariIPhone =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

    internal const string RecordCspViolations = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    private Phone(IBrowserContext context, IPage page, BrowserApp app)
    {
        Context = context;
        Page = page;
        App = app;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public BrowserApp App { get; }

    /// <summary>Every request the page sent to the vote endpoint, with its Idempotency-Key.</summary>
    public ConcurrentQueue<string?> VoteKeys { get; } = new();

    /// <summary>The X-Vote-Token of every request to the vote endpoint (null: sent without one).</summary>
    public ConcurrentQueue<string?> VoteTokens { get; } = new();

    public static async Task<Phone> OpenAsync(IBrowser browser, BrowserApp app, string? openId, string userAgent)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 640 },
            DeviceScaleFactor = 2,
            IsMobile = true,
            HasTouch = true,
            UserAgent = userAgent,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            BaseURL = app.BaseUrl.AbsoluteUri,
        });
        context.SetDefaultTimeout(15_000);
        await context.RouteAsync("https://res.wx.qq.com/**", route => route.AbortAsync("internetdisconnected"));
        await context.RouteAsync("https://res2.wx.qq.com/**", route => route.AbortAsync("internetdisconnected"));
        if (openId is not null)
        {
            // Sent with every request; only the sandbox reads it. (A route cannot do it: the authorize page is
            // reached through our API's redirect, and Playwright does not route redirect hops.)
            await context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["X-Sandbox-OpenId"] = openId });
        }
        await context.AddInitScriptAsync(RecordCspViolations);
        var page = await context.NewPageAsync();
        var phone = new Phone(context, page, app);
        page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/votes", StringComparison.Ordinal))
            {
                phone.VoteKeys.Enqueue(request.Headers.GetValueOrDefault("idempotency-key"));
                phone.VoteTokens.Enqueue(request.Headers.GetValueOrDefault("x-vote-token"));
            }
        };
        return phone;
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotDir);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDir, name + ".png"), FullPage = false });
    }

    public Task<string[]> CspViolationsAsync() => Page.EvaluateAsync<string[]>("() => window.__csp || []");

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
