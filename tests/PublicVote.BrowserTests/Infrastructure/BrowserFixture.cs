using Microsoft.Playwright;

namespace PublicVote.BrowserTests.Infrastructure;

/// <summary>
/// One app (Kestrel + WeChat sandbox + fresh database) and one Chromium per test class; each test opens its own
/// phone (browser context: own cookies, storage and cache). Chromium is Debian's (infra/chromium.sh installs it).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("PV_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public BrowserApp App { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Screenshots of this run (test output, never committed).</summary>
    public static string ScreenshotDir { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run 'bash infra/chromium.sh install' (as root).");
        }
        await App.InitializeAsync();
        // Expect() polls for up to 5 s by default; on a loaded 2-core box a page update can take longer (a console
        // test timed out at load ~9). The contexts' action timeout is 15 s (Desk, Phone): assertions wait as long.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A phone (360×640) with the given User-Agent (WeChat's by default).</summary>
    /// <param name="openId">Sign in silently as this openid (the sandbox's automation header); null: the consent page.</param>
    public Task<Phone> NewPhoneAsync(string? openId = null, string userAgent = Phone.WeChatAndroid) =>
        Phone.OpenAsync(Browser, App, openId, userAgent);

    /// <summary>A laptop browser for the organizer and reviewer consoles.</summary>
    public Task<Desk> NewDeskAsync() => Desk.OpenAsync(Browser, App);

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await ((IAsyncLifetime)App).DisposeAsync();
    }
}
