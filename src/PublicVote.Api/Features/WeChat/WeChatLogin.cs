using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Campaigns;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Hosting;
using PublicVote.Api.Storage.Redis;

namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// <c>/authorize</c> sends the browser to WeChat with a state bound to it; <c>/callback</c> checks that state, exchanges
/// the code, refuses snapshot-page virtual users, issues the voter session cookie and goes back to the page.
/// </summary>
public static partial class WeChatLogin
{
    public const string SnapshotHint = "当前为微信快照页，无法投票。请点击页面右下角「使用完整服务」，授权后即可投票。";

    private static readonly TimeSpan ReturnGrace = TimeSpan.FromHours(1);

    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> AuthorizeAsync(
        long? campaignId, string? returnUrl, HttpContext http, CampaignRulesCache campaigns, OAuthState states,
        WeChatClient client, IOptions<WeChatOptions> options)
    {
        var wechat = options.Value;
        if (!wechat.IsConfigured())
        {
            return WeChatApi.NotConfigured();
        }
        if (campaignId is not { } id || await campaigns.GetAsync(id) is null)
        {
            return Problems.Of(404, Problems.CampaignNotFound, "No such campaign.");
        }
        var back = ReturnUrls.Normalize(returnUrl ?? "/", wechat.PublicBaseUrl);
        if (back is null)
        {
            return Problems.Of(400, Problems.InvalidReturnUrl, "returnUrl must be a page of this site.",
                "Use a path such as /h5/campaigns/1; other sites are not allowed.");
        }
        var (state, cookie) = states.Start(new PendingLogin(id, back));
        http.Response.Cookies.Append(OAuthState.CookieName, cookie, new CookieOptions
        {
            HttpOnly = true,
            Secure = IsHttps(wechat),
            // Lax: the cookie must come back on WeChat's top-level redirect to our callback.
            SameSite = SameSiteMode.Lax,
            Path = "/api/v1/wechat",
            // The signed value expires with the state; the cookie stays a little longer so that a late callback
            // still knows which page to lead the citizen back to.
            MaxAge = wechat.StateLifetime + ReturnGrace,
        });
        return TypedResults.Redirect(client.AuthorizeUrl(wechat.CallbackUrl().AbsoluteUri, state));
    }

    public static async Task<IResult> CallbackAsync(
        string? code, string? state, HttpContext http, OAuthState states, OAuthLogin login, CampaignRulesCache campaigns,
        VoterSessionTokens sessions, WeChatStore store, IOptions<WeChatOptions> options, IOptions<VotingOptions> voting,
        TimeProvider time, ILogger<OAuthLogin> logger)
    {
        var wechat = options.Value;
        var cookieValue = http.Request.Cookies[OAuthState.CookieName];
        // Failures answer a citizen's browser with a page that leads back to where the sign-in started.
        IResult Fail(ProblemHttpResult problem) => LoginFailurePage.Or(http, problem, states.Peek(cookieValue));
        if (!wechat.IsConfigured())
        {
            return Fail(WeChatApi.NotConfigured());
        }
        var pending = states.Finish(cookieValue, state);
        if (pending is null)
        {
            return Fail(Problems.Of(400, Problems.LoginStateMismatch, "This sign-in was not started in this browser, or took too long.",
                "Open the voting page again and sign in from there."));
        }
        if (string.IsNullOrEmpty(code) || code.Length > 256)
        {
            return Fail(Problems.Of(401, Problems.WeChatAuthorizationDenied, "WeChat did not authorize the sign-in."));
        }
        var exchanged = await login.ExchangeAsync(code, http.RequestAborted);
        if (exchanged.Value is not { } identity)
        {
            return Fail(exchanged.Error!.Kind is WeChatErrorKind.InvalidCode or WeChatErrorKind.CodeUsed
                ? Problems.Of(401, Problems.WeChatCodeInvalid, "This sign-in link has expired or was already used.",
                    "Open the voting page again and sign in from there.")
                : WeChatApi.Unavailable());
        }
        if (identity.IsSnapshot)
        {
            // A snapshot page's openid is a virtual account: it must never vote, nor be stored.
            return Fail(Problems.Of(403, Problems.WeChatSnapshotUser, "Snapshot-page users cannot vote.", SnapshotHint));
        }
        if (!VoterSessionTokens.IsValidOpenId(identity.OpenId) || await campaigns.GetAsync(pending.CampaignId) is not { } rules)
        {
            LogUnusableLogin(logger, pending.CampaignId);
            return Fail(WeChatApi.Unavailable());
        }
        await store.RecordFirstSeenAsync(rules.Id, VoterShard.Of(identity.OpenId, rules.RedisShards), identity.OpenId, time.GetUtcNow());
        var cookie = new CookieOptions
        {
            HttpOnly = true,
            Secure = IsHttps(wechat),
            SameSite = SameSiteMode.Lax,
            Path = "/",
            MaxAge = wechat.SessionLifetime,
        };
        http.Response.Cookies.Append(voting.Value.SessionCookieName,
            sessions.Issue(identity.OpenId, rules.Id, wechat.SessionLifetime), cookie);
        http.Response.Cookies.Delete(OAuthState.CookieName, new CookieOptions { Path = "/api/v1/wechat" });
        return TypedResults.Redirect(pending.ReturnUrl);
    }

    private static bool IsHttps(WeChatOptions wechat) =>
        wechat.PublicBaseUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat login for campaign {CampaignId} could not be completed (campaign gone or unusable openid)")]
    private static partial void LogUnusableLogin(ILogger logger, long campaignId);
}
