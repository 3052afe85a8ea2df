namespace PublicVote.WeChatSandbox.Wire;

/// <summary>The WeChat paths this sandbox serves; calls to them are counted and may carry injected faults.</summary>
public static class WeChatPaths
{
    public const string Authorize = "/connect/oauth2/authorize";
    public const string AuthorizeConfirm = "/connect/oauth2/authorize/confirm";
    public const string SnsAccessToken = "/sns/oauth2/access_token";
    public const string SnsRefreshToken = "/sns/oauth2/refresh_token";
    public const string SnsUserInfo = "/sns/userinfo";
    public const string SnsAuth = "/sns/auth";
    public const string Token = "/cgi-bin/token";
    public const string StableToken = "/cgi-bin/stable_token";
    public const string Ticket = "/cgi-bin/ticket/getticket";

    /// <summary>Server-to-server JSON APIs (fault injection applies to these only).</summary>
    public static readonly IReadOnlyList<string> Apis =
        [SnsAccessToken, SnsRefreshToken, SnsUserInfo, SnsAuth, Token, StableToken, Ticket];

    private static readonly string[] Counted = [Authorize, AuthorizeConfirm, .. Apis];

    /// <summary>The canonical spelling of a counted path (routing ignores case), or null.</summary>
    public static string? Canonical(PathString path) =>
        Array.Find(Counted, p => string.Equals(p, path.Value?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));

    public static bool IsApi(string path) => Apis.Contains(path, StringComparer.Ordinal);

    /// <summary>WeChat labels /sns/* JSON as text/plain, and /cgi-bin/* with a non-standard "encoding" parameter.</summary>
    public static string ContentTypeFor(string path) =>
        path.StartsWith("/sns/", StringComparison.Ordinal) ? "text/plain" : "application/json; encoding=utf-8";
}
