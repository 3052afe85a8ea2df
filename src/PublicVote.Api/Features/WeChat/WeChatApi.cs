using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// The voter's WeChat login (OAuth web authorization, docs/wechat.md) and the JS-SDK configuration for the H5 pages.
/// </summary>
public static class WeChatApi
{
    public static RouteGroupBuilder MapWeChat(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/wechat")
            .WithTags("WeChat")
            .WithMetadata(VoterRateLimiting.Applies);
        group.MapGet("/authorize", WeChatLogin.AuthorizeAsync);
        group.MapGet("/callback", WeChatLogin.CallbackAsync);
        group.MapGet("/jssdk-config", GetJsSdkConfigAsync);
        group.MapGet("/environment", (HttpContext http) => TypedResults.Ok(WeChatUserAgent.Parse(http.Request.Headers.UserAgent)));
        return group;
    }

    private static async Task<Results<Ok<JsSdkConfig>, ProblemHttpResult>> GetJsSdkConfigAsync(
        string? url, HttpContext http, WeChatCredentials credentials, IOptions<WeChatOptions> options, TimeProvider time)
    {
        var wechat = options.Value;
        if (!wechat.IsConfigured())
        {
            return NotConfigured();
        }
        if (!JsSdkPages.IsAllowed(url, wechat.SignableHosts()))
        {
            return Problems.Of(400, Problems.JsSdkUrlNotAllowed, "This page URL cannot be signed.",
                "Pass the page's absolute http(s) URL (location.href without its #fragment) on one of the configured JS-SDK domains.");
        }
        var ticket = await credentials.JsApiTicketAsync(http.RequestAborted);
        if (ticket.Value is null)
        {
            return Unavailable();
        }
        var nonce = RandomNumberGenerator.GetString(OAuthState.Alphanumerics, 16);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new JsSdkConfig(wechat.AppId, timestamp, nonce,
            JsSdkSigner.Sign(ticket.Value.Value, nonce, timestamp, url!)));
    }

    internal static ProblemHttpResult NotConfigured() =>
        Problems.Of(503, Problems.WeChatNotConfigured, "WeChat sign-in is not configured on this server.");

    internal static ProblemHttpResult Unavailable() =>
        Problems.Of(503, Problems.WeChatUnavailable, "WeChat is not answering; please try again in a moment.", null,
            new Dictionary<string, object?> { ["retryAfterSeconds"] = 5 });
}
