using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// A small typed client for the WeChat official-account APIs used here (docs/wechat.md). WeChat answers errors with
/// HTTP 200 and an <c>errcode</c>, any content type, and a request id in <c>errmsg</c>: we read the body as text and
/// match on <c>errcode</c> only. Only "busy" and network failures are retried, within a budget. URLs carry the
/// secret, codes and tokens, so they are never logged (the client is registered without HttpClient's loggers).
/// </summary>
public sealed partial class WeChatClient
{
    public const string HttpClientName = "WeChat";

    private readonly IHttpClientFactory _http;
    private readonly WeChatOptions _options;
    private readonly ILogger<WeChatClient> _logger;
    private readonly ResiliencePipeline<Reply> _retry;
    private readonly RetryBudget _budget;

    public WeChatClient(IHttpClientFactory http, IOptions<WeChatOptions> options, RetryBudget budget, ILogger<WeChatClient> logger)
    {
        _http = http;
        _options = options.Value;
        _budget = budget;
        _logger = logger;
        _retry = new ResiliencePipelineBuilder<Reply>()
            .AddRetry(new RetryStrategyOptions<Reply>
            {
                MaxRetryAttempts = Math.Max(1, _options.MaxRetries),
                Delay = _options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    _options.MaxRetries > 0 && args.Outcome.Result?.Error?.IsRetryable == true && _budget.TryTakeRetry()),
                OnRetry = args =>
                {
                    LogRetry(args.Outcome.Result!.Endpoint, args.Outcome.Result.Error!.ToString(), args.AttemptNumber + 1);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// The browser-facing authorize URL. WeChat matches it with a strict pattern: parameters in exactly this order,
    /// <c>redirect_uri</c> encoded once, then the <c>#wechat_redirect</c> fragment.
    /// </summary>
    public string AuthorizeUrl(string redirectUri, string state)
    {
        if (state.Length is 0 or > 128 || !state.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("state must be 1-128 characters of a-z, A-Z, 0-9.", nameof(state));
        }
        return $"{_options.OAuthBaseUrl.TrimEnd('/')}/connect/oauth2/authorize?appid={_options.AppId}"
            + $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&response_type=code"
            + $"&scope={_options.Scope}&state={state}#wechat_redirect";
    }

    public Task<WeChatResult<OAuthToken>> ExchangeCodeAsync(string code, CancellationToken ct = default) =>
        GetAsync("/sns/oauth2/access_token",
            $"appid={Esc(_options.AppId)}&secret={Esc(_options.AppSecret)}&code={Esc(code)}&grant_type=authorization_code",
            WeChatJsonContext.Default.OAuthToken, ct);

    public Task<WeChatResult<OAuthToken>> RefreshOAuthTokenAsync(string refreshToken, CancellationToken ct = default) =>
        GetAsync("/sns/oauth2/refresh_token",
            $"appid={Esc(_options.AppId)}&grant_type=refresh_token&refresh_token={Esc(refreshToken)}",
            WeChatJsonContext.Default.OAuthToken, ct);

    /// <summary>Needs a <c>snsapi_userinfo</c> token; a <c>snsapi_base</c> one gets <see cref="WeChatErrorKind.Unauthorized"/>.</summary>
    public Task<WeChatResult<UserInfo>> GetUserInfoAsync(string oauthAccessToken, string openId, CancellationToken ct = default) =>
        GetAsync("/sns/userinfo", $"access_token={Esc(oauthAccessToken)}&openid={Esc(openId)}&lang=zh_CN",
            WeChatJsonContext.Default.UserInfo, ct);

    /// <summary>Whether a web-authorization token is still valid for that openid.</summary>
    public Task<WeChatResult<AuthCheck>> CheckOAuthTokenAsync(string oauthAccessToken, string openId, CancellationToken ct = default) =>
        GetAsync("/sns/auth", $"access_token={Esc(oauthAccessToken)}&openid={Esc(openId)}",
            WeChatJsonContext.Default.AuthCheck, ct);

    /// <summary>The stable global token: repeated calls within its life return the same token (no mutual invalidation).</summary>
    public Task<WeChatResult<AccessToken>> GetStableTokenAsync(bool forceRefresh = false, CancellationToken ct = default) =>
        CallAsync("/cgi-bin/stable_token", () => new HttpRequestMessage(HttpMethod.Post, Url("/cgi-bin/stable_token", null))
        {
            Content = JsonContent.Create(
                new StableTokenRequest("client_credential", _options.AppId, _options.AppSecret, forceRefresh),
                WeChatJsonContext.Default.StableTokenRequest),
        }, WeChatJsonContext.Default.AccessToken, ct);

    /// <summary>The classic global token; every call invalidates the previous one after 5 minutes.</summary>
    public Task<WeChatResult<AccessToken>> GetClassicTokenAsync(CancellationToken ct = default) =>
        GetAsync("/cgi-bin/token",
            $"grant_type=client_credential&appid={Esc(_options.AppId)}&secret={Esc(_options.AppSecret)}",
            WeChatJsonContext.Default.AccessToken, ct);

    public Task<WeChatResult<JsApiTicket>> GetJsApiTicketAsync(string accessToken, CancellationToken ct = default) =>
        GetAsync("/cgi-bin/ticket/getticket", $"access_token={Esc(accessToken)}&type=jsapi",
            WeChatJsonContext.Default.JsApiTicket, ct);

    private Task<WeChatResult<T>> GetAsync<T>(string path, string query, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class =>
        CallAsync(path, () => new HttpRequestMessage(HttpMethod.Get, Url(path, query)), type, ct);

    private async Task<WeChatResult<T>> CallAsync<T>(
        string path, Func<HttpRequestMessage> request, JsonTypeInfo<T> type, CancellationToken ct)
        where T : class
    {
        _budget.OnCall();
        var reply = await _retry.ExecuteAsync(async token => await SendOnceAsync(path, request, token), ct);
        if (reply.Error is null)
        {
            try
            {
                if (JsonSerializer.Deserialize(reply.Body!, type) is { } value)
                {
                    return value;
                }
            }
            catch (JsonException)
            {
            }
            reply = reply with { Error = new WeChatError(0, WeChatErrorKind.MalformedResponse) };
        }
        LogFailure(path, reply.Error!.ToString());
        return reply.Error;
    }

    private async Task<Reply> SendOnceAsync(string path, Func<HttpRequestMessage> request, CancellationToken ct)
    {
        string body;
        try
        {
            using var message = request();
            using var response = await _http.CreateClient(HttpClientName).SendAsync(message, ct);
            if (!response.IsSuccessStatusCode)
            {
                return new Reply(path, null, new WeChatError((int)response.StatusCode, WeChatErrorKind.Network));
            }
            body = await response.Content.ReadAsStringAsync(ct);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return new Reply(path, null, new WeChatError(0, WeChatErrorKind.Network));
        }
        return new Reply(path, body, ErrorIn(body));
    }

    /// <summary>"errcode absent or 0" is success; the errmsg text (with its request id) is never matched.</summary>
    private static WeChatError? ErrorIn(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new WeChatError(0, WeChatErrorKind.MalformedResponse);
            }
            return json.RootElement.TryGetProperty("errcode", out var code) && code.TryGetInt32(out var errCode) && errCode != 0
                ? WeChatError.FromErrCode(errCode)
                : null;
        }
        catch (JsonException)
        {
            return new WeChatError(0, WeChatErrorKind.MalformedResponse);
        }
    }

    private Uri Url(string path, string? query) =>
        new($"{_options.ApiBaseUrl.TrimEnd('/')}{path}{(query is null ? "" : "?" + query)}");

    private static string Esc(string value) => Uri.EscapeDataString(value);

    private sealed record Reply(string Endpoint, string? Body, WeChatError? Error);

    [LoggerMessage(Level = LogLevel.Information, Message = "WeChat {Endpoint} answered {Error}; retry {Attempt}")]
    private partial void LogRetry(string endpoint, string error, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "WeChat {Endpoint} failed: {Error}")]
    private partial void LogFailure(string endpoint, string error);
}
