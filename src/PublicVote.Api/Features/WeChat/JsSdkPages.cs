namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// Which page URLs get a JS-SDK signature: http(s) pages on a configured JS接口安全域名, which is a host (a non-default
/// port must be listed with it, e.g. <c>127.0.0.1:5080</c>) optionally followed by a path prefix (<c>wx.qq.com/mp</c>).
/// </summary>
public static class JsSdkPages
{
    public static bool IsAllowed(string? url, IEnumerable<string> domains)
    {
        if (string.IsNullOrEmpty(url) || url.Length > 2048
            || !Uri.TryCreate(JsSdkSigner.WithoutFragment(url), UriKind.Absolute, out var page)
            || page.Scheme is not ("http" or "https") || page.UserInfo.Length > 0)
        {
            return false;
        }
        var authority = page.IsDefaultPort ? page.Host : page.Authority;
        foreach (var domain in domains)
        {
            var slash = domain.IndexOf('/', StringComparison.Ordinal);
            var host = slash < 0 ? domain : domain[..slash];
            var path = slash < 0 ? "/" : domain[slash..];
            if (host.Equals(authority, StringComparison.OrdinalIgnoreCase)
                && page.AbsolutePath.StartsWith(path, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
