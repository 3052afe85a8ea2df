namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// Where a login may send the browser back to: a path on our own origin only (no open redirect). Absolute URLs are
/// accepted only on the configured public origin, and reduced to their path.
/// </summary>
public static class ReturnUrls
{
    public static string? Normalize(string? returnUrl, string publicBaseUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 1024 || returnUrl.Any(char.IsControl))
        {
            return null;
        }
        if (returnUrl[0] == '/')
        {
            // "//host" and "/\host" are protocol-relative in browsers: another origin.
            return returnUrl.Length > 1 && returnUrl[1] is '/' or '\\' ? null : returnUrl;
        }
        if (Uri.TryCreate(returnUrl, UriKind.Absolute, out var absolute)
            && Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var ours)
            && Uri.Compare(absolute, ours, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            return absolute.PathAndQuery + absolute.Fragment;
        }
        return null;
    }
}
