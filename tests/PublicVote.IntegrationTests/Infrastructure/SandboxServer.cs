using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.WeChatSandbox;

namespace PublicVote.IntegrationTests.Infrastructure;

/// <summary>
/// The WeChat sandbox in-process on a free loopback port, for tests of the wire format and of the product's
/// WeChat client. Each instance has its own state; dispose it to stop the server.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _control;

    private SandboxServer(WebApplication app, string appId, string appSecret)
    {
        _app = app;
        AppId = appId;
        AppSecret = appSecret;
        BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        _control = new HttpClient { BaseAddress = BaseUrl };
    }

    public Uri BaseUrl { get; }

    public string AppId { get; }

    public string AppSecret { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<SandboxServer> StartAsync(string appId, string appSecret, TimeProvider? time = null) =>
        StartAsync(appId, appSecret, time, []);

    /// <param name="settings">Extra settings, e.g. <c>("Sandbox:AutoApprove", "true")</c>.</param>
    public static async Task<SandboxServer> StartAsync(string appId, string appSecret, TimeProvider? time, params (string Key, string Value)[] settings)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--Sandbox:AppId={appId}",
            $"--Sandbox:AppSecret={appSecret}",
            "--Logging:LogLevel:Default=Warning",
            .. settings.Select(s => $"--{s.Key}={s.Value}"),
        ];
        var app = SandboxApp.Create(args, services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
        await app.StartAsync();
        return new SandboxServer(app, appId, appSecret);
    }

    /// <summary>A client for raw wire calls; redirects are not followed so tests can read Location.</summary>
    public HttpClient CreateClient() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseUrl };

    public async Task InjectFaultAsync(string path, int errcode, int count, int delayMs = 0)
    {
        using var response = await _control.PostAsJsonAsync("sandbox/faults", new { path, errcode, count, delayMs });
        response.EnsureSuccessStatusCode();
    }

    public async Task<IReadOnlyDictionary<string, int>> CallsAsync()
    {
        var stats = await _control.GetFromJsonAsync<CallStats>("sandbox/stats");
        return stats!.Calls;
    }

    public async Task<string> IssueCodeAsync(string openid, bool snapshot = false, string scope = "snsapi_base")
    {
        using var response = await _control.PostAsJsonAsync("sandbox/codes", new { openid, scope, snapshot });
        response.EnsureSuccessStatusCode();
        var issued = await response.Content.ReadFromJsonAsync<IssuedCode>();
        return issued!.Code;
    }

    public async Task ResetAsync()
    {
        using var response = await _control.PostAsync("sandbox/reset", null);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed record CallStats(Dictionary<string, int> Calls);

    private sealed record IssuedCode(string Code);
}
