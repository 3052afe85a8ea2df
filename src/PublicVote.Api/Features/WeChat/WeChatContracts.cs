using System.Text.Json.Serialization;

namespace PublicVote.Api.Features.WeChat;

/// <summary>The web-authorization token of one user (/sns/oauth2/access_token and refresh_token). Never logged.</summary>
public sealed record OAuthToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string RefreshToken,
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("unionid")] string? UnionId,
    // A number, present (as 1) only for snapshot-page virtual accounts; a bool would not deserialize.
    [property: JsonPropertyName("is_snapshotuser")] int? IsSnapshotUser)
{
    public bool IsSnapshot => IsSnapshotUser == 1;
}

public sealed record UserInfo(
    [property: JsonPropertyName("openid")] string OpenId,
    [property: JsonPropertyName("nickname")] string? Nickname,
    [property: JsonPropertyName("headimgurl")] string? HeadImageUrl,
    [property: JsonPropertyName("unionid")] string? UnionId);

/// <summary>The account's global access token (/cgi-bin/stable_token or /cgi-bin/token).</summary>
public sealed record AccessToken(
    [property: JsonPropertyName("access_token")] string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

public sealed record JsApiTicket(
    [property: JsonPropertyName("ticket")] string Ticket,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

/// <summary>The body of <c>/sns/auth</c>'s success (errcode 0); a failure arrives as an error.</summary>
public sealed record AuthCheck([property: JsonPropertyName("errmsg")] string? ErrMsg);

internal sealed record StableTokenRequest(
    [property: JsonPropertyName("grant_type")] string GrantType,
    [property: JsonPropertyName("appid")] string AppId,
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("force_refresh")] bool ForceRefresh);

/// <summary>What <c>wx.config</c> needs for one page URL.</summary>
public sealed record JsSdkConfig(string AppId, long Timestamp, string NonceStr, string Signature);

[JsonSerializable(typeof(OAuthToken))]
[JsonSerializable(typeof(UserInfo))]
[JsonSerializable(typeof(AccessToken))]
[JsonSerializable(typeof(JsApiTicket))]
[JsonSerializable(typeof(AuthCheck))]
[JsonSerializable(typeof(StableTokenRequest))]
internal sealed partial class WeChatJsonContext : JsonSerializerContext;
