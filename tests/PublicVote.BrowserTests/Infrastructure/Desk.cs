using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace PublicVote.BrowserTests.Infrastructure;

/// <summary>
/// A laptop browser for the organizer and reviewer consoles: 1280 px wide, its own cookies, one page. Everything the
/// page logs as an error (including failed loads and uncaught exceptions) and every CSP violation is recorded;
/// confirmation dialogs are accepted, as the reviewer would.
/// </summary>
public sealed class Desk : IAsyncDisposable
{
    private Desk(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Console errors and uncaught exceptions, with where they came from.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public static async Task<Desk> OpenAsync(IBrowser browser, BrowserApp app)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            BaseURL = app.BaseUrl.AbsoluteUri,
        });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync(Phone.RecordCspViolations);
        var page = await context.NewPageAsync();
        var desk = new Desk(context, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                desk.Errors.Enqueue($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => desk.Errors.Enqueue("uncaught: " + error);
        page.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        return desk;
    }

    /// <summary>Opens a console page and signs in through its own form (POST /api/admin/login, the cookie).</summary>
    public async Task SignInAsync(string path, string userName, string password)
    {
        await Page.GotoAsync(path);
        var form = Page.Locator("form:has(input[type=password])");
        await form.Locator("input[autocomplete=username]").FillAsync(userName);
        await form.Locator("input[type=password]").FillAsync(password);
        await form.Locator("button[type=submit]").ClickAsync();
    }

    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotDir);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDir, name + ".png"), FullPage = true });
    }

    public Task<string[]> CspViolationsAsync() => Page.EvaluateAsync<string[]>("() => window.__csp || []");

    /// <summary>No console error, no uncaught exception, no CSP violation so far.</summary>
    public async Task AssertCleanAsync()
    {
        Assert.Empty(Errors);
        Assert.Empty(await CspViolationsAsync());
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
