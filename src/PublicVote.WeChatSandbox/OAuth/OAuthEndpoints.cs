using Microsoft.Extensions.Options;
using PublicVote.WeChatSandbox.State;
using PublicVote.WeChatSandbox.Wire;

namespace PublicVote.WeChatSandbox.OAuth;

/// <summary>open.weixin.qq.com's authorize page: validate the link, get consent, redirect back with a code.</summary>
public static class OAuthEndpoints
{
    /// <summary>Automation: sign in as this openid without a page.</summary>
    public const string OpenIdHeader = "X-Sandbox-OpenId";

    /// <summary>Automation: with value 1, the code is a snapshot-page (virtual) user's.</summary>
    public const string SnapshotHeader = "X-Sandbox-Snapshot";

    /// <summary>The openid a browser signed in as last, to prefill the page (or sign in silently with AutoApprove).</summary>
    public const string OpenIdCookie = "sbx_openid";

    public static IEndpointRouteBuilder MapOAuth(this IEndpointRouteBuilder app)
    {
        app.MapGet(WeChatPaths.Authorize, Authorize);
        app.MapPost(WeChatPaths.AuthorizeConfirm, ConfirmAsync).DisableAntiforgery();
        return app;
    }

    private static IResult Authorize(HttpContext http, IOptions<SandboxOptions> options, CodeStore codes)
    {
        if (AuthorizeValidator.Validate(http.Request.QueryString.Value, options.Value, out var request) is { } error)
        {
            return AuthorizePage.Error(error);
        }
        if (http.Request.Headers[OpenIdHeader].ToString() is { Length: > 0 } openId)
        {
            return SandboxIds.IsValidOpenId(openId)
                ? RedirectWithCode(request!, codes, openId, http.Request.Headers[SnapshotHeader] == "1")
                : Results.BadRequest($"{OpenIdHeader} must be 1-64 characters of A-Z a-z 0-9 _ -.");
        }
        var remembered = http.Request.Cookies[OpenIdCookie] is { } cookie && SandboxIds.IsValidOpenId(cookie) ? cookie : null;
        if (options.Value.AutoApprove)
        {
            var autoOpenId = remembered ?? SandboxIds.OpenId();
            Remember(http, autoOpenId);
            return RedirectWithCode(request!, codes, autoOpenId, snapshot: false);
        }
        return AuthorizePage.Consent(request!, remembered ?? SandboxIds.OpenId());
    }

    private static async Task<IResult> ConfirmAsync(HttpContext http, IOptions<SandboxOptions> options, CodeStore codes)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.BadRequest("Post the consent form (application/x-www-form-urlencoded).");
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (AuthorizeValidator.ValidateValues(form["redirect_uri"], form["scope"], form["state"], options.Value, out var request) is { } error)
        {
            return AuthorizePage.Error(error);
        }
        if (form["action"] == "generate")
        {
            return AuthorizePage.Consent(request!, SandboxIds.OpenId());
        }
        var openId = form["openid"].ToString().Trim();
        if (!SandboxIds.IsValidOpenId(openId))
        {
            return AuthorizePage.Consent(request!, openId, "openid 只能是 1–64 位字母、数字、_ 或 -。");
        }
        Remember(http, openId);
        return RedirectWithCode(request!, codes, openId, form["snapshot"] == "1");
    }

    private static IResult RedirectWithCode(AuthorizeRequest request, CodeStore codes, string openId, bool snapshot)
    {
        var code = codes.Issue(new Grant(openId, request.Scope, snapshot));
        // AbsoluteUri percent-encodes non-ASCII characters, which a Location header cannot carry raw.
        var target = new Uri(request.RedirectUri).AbsoluteUri;
        var separator = target.Contains('?', StringComparison.Ordinal)
            ? (target.EndsWith('?') || target.EndsWith('&') ? "" : "&")
            : "?";
        return Results.Redirect($"{target}{separator}code={code}&state={request.State}");
    }

    private static void Remember(HttpContext http, string openId) =>
        http.Response.Cookies.Append(OpenIdCookie, openId, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            MaxAge = TimeSpan.FromDays(30),
            IsEssential = true,
        });
}
