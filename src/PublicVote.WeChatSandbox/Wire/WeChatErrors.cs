namespace PublicVote.WeChatSandbox.Wire;

/// <summary>The errcodes this sandbox answers, with errmsg texts as seen on the wire (wechat-protocol.md §1.9).</summary>
public static class WeChatErrors
{
    public const int SystemBusy = -1;
    public const int InvalidCredential = 40001;
    public const int InvalidGrantType = 40002;
    public const int InvalidOpenId = 40003;
    public const int InvalidAppId = 40013;
    public const int InvalidCode = 40029;
    public const int InvalidRefreshToken = 40030;
    public const int InvalidArgs = 40097;
    public const int InvalidAppSecret = 40125;
    public const int CodeBeenUsed = 40163;
    public const int IpNotWhitelisted = 40164;
    public const int AccessTokenMissing = 41001;
    public const int AppIdMissing = 41002;
    public const int RefreshTokenMissing = 41003;
    public const int AppSecretMissing = 41004;
    public const int CodeMissing = 41008;
    public const int OpenIdMissing = 41009;
    public const int AccessTokenExpired = 42001;
    public const int RefreshTokenExpired = 42002;
    public const int CodeExpired = 42003;
    public const int DailyQuota = 45009;
    public const int MinuteQuota = 45011;
    public const int DataFormatError = 47001;
    public const int ApiUnauthorized = 48001;

    private static readonly Dictionary<int, string> Messages = new()
    {
        [SystemBusy] = "system error",
        [InvalidCredential] = "invalid credential, access_token is invalid or not latest",
        [InvalidGrantType] = "invalid grant_type",
        [InvalidOpenId] = "invalid openid",
        [InvalidAppId] = "invalid appid",
        [InvalidCode] = "invalid code",
        [InvalidRefreshToken] = "invalid refresh_token",
        [InvalidArgs] = "invalid args",
        [InvalidAppSecret] = "invalid appsecret",
        [CodeBeenUsed] = "code been used",
        // {0} is the caller's address, as WeChat echoes it.
        [IpNotWhitelisted] = "invalid ip {0} ipv6 ::ffff:{0}, not in whitelist",
        [AccessTokenMissing] = "access_token missing",
        [AppIdMissing] = "appid missing",
        [RefreshTokenMissing] = "refresh_token missing",
        [AppSecretMissing] = "appsecret missing",
        [CodeMissing] = "missing code",
        [OpenIdMissing] = "missing openid",
        [AccessTokenExpired] = "access_token expired",
        [RefreshTokenExpired] = "refresh_token expired",
        [CodeExpired] = "code expired",
        [DailyQuota] = "reach max api daily quota limit",
        [MinuteQuota] = "api minute-quota reach limit, must slower, retry next minute",
        [DataFormatError] = "data format error",
        [ApiUnauthorized] = "api unauthorized",
    };

    public static IEnumerable<int> Known => Messages.Keys.Order();

    public static bool IsKnown(int errcode) => Messages.ContainsKey(errcode);

    public static string MessageFor(int errcode, string callerIp) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Messages[errcode], callerIp);
}
