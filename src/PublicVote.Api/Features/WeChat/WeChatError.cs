namespace PublicVote.Api.Features.WeChat;

public enum WeChatErrorKind
{
    /// <summary>Code unknown, expired or issued for another account (40029, 42003, 41008).</summary>
    InvalidCode,

    /// <summary>The single-use code was already exchanged (40163).</summary>
    CodeUsed,

    /// <summary>AppID or AppSecret wrong or frozen, or a token not ours (40001, 40013, 40125, 40243).</summary>
    InvalidCredentials,

    /// <summary>The global token expired or was superseded (42001); refresh it centrally.</summary>
    TokenExpired,

    /// <summary>Our server's IP is not in the account's whitelist (40164, 89503).</summary>
    IpNotWhitelisted,

    /// <summary>Minute or daily quota exhausted (45011, 45009).</summary>
    RateLimited,

    /// <summary>WeChat is busy (-1); worth a retry.</summary>
    SystemBusy,

    /// <summary>Refresh token bad or expired (40030, 42002).</summary>
    InvalidRefreshToken,

    /// <summary>The token lacks the permission (48001), e.g. userinfo with a snsapi_base token.</summary>
    Unauthorized,

    /// <summary>The openid does not belong to this token or account (40003).</summary>
    InvalidOpenId,

    /// <summary>No answer: connection failure, timeout or an HTTP error status.</summary>
    Network,

    /// <summary>An answer we could not read.</summary>
    MalformedResponse,

    /// <summary>Any other errcode.</summary>
    Other,
}

/// <summary>A failed WeChat call: the errcode (0 when WeChat never answered) and what it means to us.</summary>
public sealed record WeChatError(int ErrCode, WeChatErrorKind Kind)
{
    public bool IsRetryable => Kind is WeChatErrorKind.SystemBusy or WeChatErrorKind.Network;

    public static WeChatError FromErrCode(int errCode) => new(errCode, errCode switch
    {
        -1 => WeChatErrorKind.SystemBusy,
        40029 or 41008 or 42003 => WeChatErrorKind.InvalidCode,
        40163 => WeChatErrorKind.CodeUsed,
        40001 or 40013 or 40125 or 40243 => WeChatErrorKind.InvalidCredentials,
        42001 => WeChatErrorKind.TokenExpired,
        40164 or 89503 => WeChatErrorKind.IpNotWhitelisted,
        45009 or 45011 => WeChatErrorKind.RateLimited,
        40030 or 42002 => WeChatErrorKind.InvalidRefreshToken,
        48001 => WeChatErrorKind.Unauthorized,
        40003 => WeChatErrorKind.InvalidOpenId,
        _ => WeChatErrorKind.Other,
    });

    public override string ToString() => $"{Kind} ({ErrCode})";
}

/// <summary>The outcome of one WeChat call: a value, or a typed error. Expected failures are returned, not thrown.</summary>
public readonly record struct WeChatResult<T>(T? Value, WeChatError? Error)
    where T : class
{
    public bool IsSuccess => Error is null;

    public static implicit operator WeChatResult<T>(T value) => new(value, null);

    public static implicit operator WeChatResult<T>(WeChatError error) => new(null, error);
}
