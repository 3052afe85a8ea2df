using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// A failed WeChat sign-in as a citizen sees it: the callback is a top-level navigation inside WeChat, so a browser
/// (Accept: text/html) gets a plain Chinese page with the way back to the voting page and, where it can help, a
/// fresh sign-in; scripts and API clients keep the ProblemDetails. Same status code either way.
/// </summary>
public static class LoginFailurePage
{
    /// <summary>The page styles itself with the H5 stylesheet and runs no script at all.</summary>
    public const string Policy = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private sealed record Wording(string Title, string Text, bool OfferSignIn);

    private static readonly Dictionary<string, Wording> Wordings = new(StringComparer.Ordinal)
    {
        [Problems.LoginStateMismatch] = new("微信登录没有完成",
            "这次登录不是从本页面发起的，或者在授权页面停留太久了。请回到投票页面重新登录。", true),
        [Problems.WeChatAuthorizationDenied] = new("没有获得微信授权",
            "需要您在微信中同意授权后才能投票。不登录也可以继续浏览候选人。", true),
        [Problems.WeChatCodeInvalid] = new("登录链接已失效",
            "这个登录链接已经过期或已经用过。请回到投票页面重新登录。", true),
        [Problems.WeChatSnapshotUser] = new("请使用完整服务", WeChatLogin.SnapshotHint, false),
        [Problems.WeChatUnavailable] = new("微信暂时没有响应",
            "微信登录服务繁忙，请稍等几秒后重试。您已经投出的票不受影响。", true),
        [Problems.WeChatNotConfigured] = new("暂时不能用微信登录",
            "本服务暂时没有开通微信登录，请稍后再试，或联系活动主办单位。", false),
    };

    /// <summary>The page for a browser, else <paramref name="problem"/> itself.</summary>
    /// <param name="login">The sign-in this browser started, if its state cookie is still readable: where to go back to.</param>
    public static IResult Or(HttpContext http, ProblemHttpResult problem, PendingLogin? login)
    {
        var type = problem.ProblemDetails.Type ?? "";
        if (!WantsHtml(http.Request) || !Wordings.TryGetValue(type, out var wording))
        {
            return problem;
        }
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = Policy;
        if (type == Problems.WeChatUnavailable)
        {
            headers.RetryAfter = "5";
        }
        return TypedResults.Content(Render(wording, login), "text/html; charset=utf-8", statusCode: problem.StatusCode);
    }

    /// <summary>A browser's navigation asks for HTML first; fetch() and API clients ask for JSON or anything.</summary>
    private static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static string Render(Wording wording, PendingLogin? login)
    {
        var links = new List<string>();
        if (login is not null)
        {
            links.Add($"""<a class="btn" href="{WebUtility.HtmlEncode(login.ReturnUrl)}">返回投票页面</a>""");
            if (wording.OfferSignIn)
            {
                var again = $"/api/v1/wechat/authorize?campaignId={login.CampaignId}&returnUrl={Uri.EscapeDataString(login.ReturnUrl)}";
                links.Add($"""<a class="btn secondary" href="{WebUtility.HtmlEncode(again)}">重新登录</a>""");
            }
        }
        var way = login is null
            ? "<p class=\"muted\">请点左上角返回，或回到微信聊天、公众号文章中重新打开活动链接。</p>"
            : $"<p class=\"actions\">{string.Join("", links)}</p>";
        return $"""
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(wording.Title)}</title>
            <link rel="stylesheet" href="/h5/css/h5.css"><link rel="icon" href="data:,"></head>
            <body><main class="login-failure">
            <section class="card notice error" role="alert">
            <h1>{WebUtility.HtmlEncode(wording.Title)}</h1>
            <p>{WebUtility.HtmlEncode(wording.Text)}</p>
            </section>
            {way}
            </main></body></html>
            """;
    }
}
