using System.Text.RegularExpressions;

namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// What the User-Agent says about the browser, for display only (e.g. the "open in WeChat" hint). It is
/// client-controlled: identity always comes from the OAuth openid, never from this.
/// </summary>
public sealed partial record WeChatUserAgent(bool InWeChat, string? Version, bool WeCom, bool MiniProgram, bool Desktop)
{
    public static WeChatUserAgent Parse(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return new(false, null, false, false, false);
        }
        var match = MicroMessenger().Match(userAgent);
        // WeCom (企业微信) also says MicroMessenger; it is not the WeChat app our official account lives in.
        var weCom = userAgent.Contains("wxwork/", StringComparison.OrdinalIgnoreCase);
        return new(
            InWeChat: match.Success && !weCom,
            Version: match.Success ? match.Groups[1].Value : null,
            WeCom: weCom,
            MiniProgram: userAgent.Contains("miniProgram", StringComparison.OrdinalIgnoreCase),
            Desktop: userAgent.Contains("WindowsWechat", StringComparison.OrdinalIgnoreCase)
                || userAgent.Contains("MacWechat", StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"MicroMessenger/(\d+\.\d+(?:\.\d+)?)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MicroMessenger();
}
