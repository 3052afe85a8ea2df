using Microsoft.Extensions.Options;
using PublicVote.WeChatSandbox.Wire;

namespace PublicVote.WeChatSandbox.Control;

/// <summary>What a person who opens the sandbox's root URL should learn.</summary>
public static class AboutPage
{
    public static IResult Render(IOptions<SandboxOptions> options)
    {
        var apis = string.Join("", WeChatPaths.Apis.Select(p => $"<li><code>{p}</code></li>"));
        var body = $"""
            <h1>WeChat sandbox（模拟微信）</h1>
            <p class="note">本地开发、演示、浏览器测试和压测用的微信替身。绝不部署到生产环境；生产环境的 API 直接指向真正的微信。</p>
            <p>A local stand-in for WeChat's OAuth and JS-SDK endpoints, for development, demos, browser tests and load tests.
            Never deployed: production points the API at the real WeChat.</p>
            <p>AppID: <code>{System.Net.WebUtility.HtmlEncode(options.Value.AppId)}</code></p>
            <ul><li><code>{WeChatPaths.Authorize}</code> (browser)</li>{apis}</ul>
            <p>Control: <code>POST /sandbox/faults</code>, <code>DELETE /sandbox/faults</code>, <code>GET /sandbox/stats</code>,
            <code>POST /sandbox/reset</code>, <code>POST /sandbox/codes</code>. See the project's README.md.</p>
            """;
        return new HtmlPage("WeChat sandbox", body);
    }
}
