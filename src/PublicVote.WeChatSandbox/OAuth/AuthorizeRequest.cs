using System.Text.RegularExpressions;
using PublicVote.WeChatSandbox.Wire;

namespace PublicVote.WeChatSandbox.OAuth;

/// <summary>A validated authorize request.</summary>
public sealed record AuthorizeRequest(string RedirectUri, string Scope, string State);

/// <summary>An error WeChat shows on its authorize page instead of redirecting (wechat-protocol.md §1.2).</summary>
public sealed record AuthorizeError(int Code, string Message);

/// <summary>
/// Checks an authorize link the way WeChat does: a strict match on parameter order
/// (appid, redirect_uri, response_type, scope, state, then optional forcePopup), then each value.
/// </summary>
public static partial class AuthorizeValidator
{
    public const int RedirectHostNotAllowed = 10003;
    public const int ScopeInvalid = 10010;
    public const int RedirectUriEmpty = 10011;
    public const int AppIdInvalid = 10012;
    public const int StateInvalid = 10013;

    /// <summary>Sandbox-only code: real WeChat shows a generic error page for a link that fails its order match.</summary>
    public const int MalformedLink = 10099;

    private static readonly string[] Order = ["appid", "redirect_uri", "response_type", "scope", "state", "forcePopup"];

    public static AuthorizeError? Validate(string? rawQuery, SandboxOptions options, out AuthorizeRequest? request)
    {
        request = null;
        if (ParseInOrder(rawQuery) is not { } values)
        {
            return new(MalformedLink, "参数顺序错误：链接参数必须依次为 appid、redirect_uri、response_type、scope、state（可选 forcePopup），且不能重复或多余");
        }
        var appId = values.GetValueOrDefault("appid");
        if (string.IsNullOrEmpty(appId))
        {
            return new(AppIdInvalid, "appid 不能为空");
        }
        if (string.IsNullOrEmpty(values.GetValueOrDefault("redirect_uri")))
        {
            return new(RedirectUriEmpty, "redirect_uri 不能为空");
        }
        if (values.GetValueOrDefault("response_type") != "code")
        {
            return new(MalformedLink, "response_type 必须为 code");
        }
        if (values.TryGetValue("forcePopup", out var forcePopup) && forcePopup is not ("true" or "false"))
        {
            return new(MalformedLink, "forcePopup 只能为 true 或 false");
        }
        if (appId != options.AppId)
        {
            return new(AppIdInvalid, "appid 无效：与沙箱配置的公众号 AppID 不一致");
        }
        return ValidateValues(values["redirect_uri"], values.GetValueOrDefault("scope"), values.GetValueOrDefault("state"), options, out request);
    }

    /// <summary>The checks shared by the link and the consent form (which posts the values back).</summary>
    public static AuthorizeError? ValidateValues(string? redirectUri, string? scope, string? state, SandboxOptions options, out AuthorizeRequest? request)
    {
        request = null;
        if (string.IsNullOrEmpty(redirectUri))
        {
            return new(RedirectUriEmpty, "redirect_uri 不能为空");
        }
        if (!Scopes.IsValid(scope))
        {
            return new(ScopeInvalid, string.IsNullOrEmpty(scope) ? "scope 不能为空" : "scope 参数错误：只能为 snsapi_base 或 snsapi_userinfo");
        }
        if (string.IsNullOrEmpty(state) || !StatePattern().IsMatch(state))
        {
            return new(StateInvalid, string.IsNullOrEmpty(state) ? "state 不能为空" : "state 只能包含 a-zA-Z0-9，最长 128 字节");
        }
        if (redirectUri.Contains('#', StringComparison.Ordinal)
            || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https")
            || !options.EffectiveRedirectHosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase))
        {
            return new(RedirectHostNotAllowed, "redirect_uri 域名与后台配置不一致（须为 http(s) 绝对地址、不含 #，主机在 Sandbox:RedirectHosts 中）");
        }
        request = new AuthorizeRequest(redirectUri, scope, state);
        return null;
    }

    /// <summary>Null when a parameter is unknown, repeated or out of order.</summary>
    private static Dictionary<string, string>? ParseInOrder(string? rawQuery)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var last = -1;
        foreach (var pair in (rawQuery ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var position = Array.IndexOf(Order, name);
            if (position <= last)
            {
                return null;
            }
            last = position;
            values[name] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }
        return values;
    }

    [GeneratedRegex("^[A-Za-z0-9]{1,128}$")]
    private static partial Regex StatePattern();
}
