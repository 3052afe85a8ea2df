using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// The organizer's official account (服务号) and where WeChat is. The hosts default to the real WeChat; development,
/// tests and load tests point them at the WeChat sandbox. AppSecret is never logged.
/// </summary>
public sealed class WeChatOptions
{
    public const string Section = "WeChat";

    public string AppId { get; set; } = "";

    public string AppSecret { get; set; } = "";

    /// <summary>Host of the browser-facing authorize page.</summary>
    [Required, Url]
    public string OAuthBaseUrl { get; set; } = "https://open.weixin.qq.com";

    /// <summary>Host of the server APIs (code exchange, tokens, tickets).</summary>
    [Required, Url]
    public string ApiBaseUrl { get; set; } = "https://api.weixin.qq.com";

    /// <summary><c>snsapi_base</c> (silent, openid only) is all voting needs; <c>snsapi_userinfo</c> shows a consent popup.</summary>
    [Required, RegularExpression("^snsapi_(base|userinfo)$")]
    public string Scope { get; set; } = "snsapi_base";

    /// <summary>
    /// Public origin of the H5 pages and the API, e.g. <c>https://vote.example.gov.cn</c>: the OAuth callback is built on it
    /// (never on the request's Host header) and return URLs must stay on it. Its host is the 网页授权域名.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Hosts whose pages may get a JS-SDK signature (the JS接口安全域名); defaults to the host of PublicBaseUrl.</summary>
    public string[] JsSdkDomains { get; set; } = [];

    /// <summary>Lifetime of the voter session issued after a WeChat login.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a started login may take before its state cookie is no longer accepted.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an exchanged code is remembered, so that WeChat's duplicate callback does not fail with 40163.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:10:00")]
    public TimeSpan CodeReplayWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The shared global token and jsapi ticket are refreshed this long before they expire.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "00:30:00")]
    public TimeSpan RefreshBeforeExpiry { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Timeout of one call to WeChat (each retry gets its own).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Retries of a retryable failure (system busy, network); other errors are never retried.</summary>
    [Range(0, 5)]
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:10")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Refresh the shared token and ticket ahead of expiry from a background loop (one node at a time fetches).</summary>
    public bool RefreshInBackground { get; set; } = true;

    public bool IsConfigured() => AppId.Length > 0 && AppSecret.Length > 0 && PublicBaseUrl.Length > 0;

    public Uri CallbackUrl() => new(new Uri(PublicBaseUrl), "/api/v1/wechat/callback");

    public IEnumerable<string> SignableHosts() =>
        JsSdkDomains.Length > 0 ? JsSdkDomains : PublicBaseUrl.Length > 0 ? [new Uri(PublicBaseUrl).Authority] : [];
}
