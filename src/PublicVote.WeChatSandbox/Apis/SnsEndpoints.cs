using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PublicVote.WeChatSandbox.State;
using PublicVote.WeChatSandbox.Wire;
using static PublicVote.WeChatSandbox.Wire.WeChatErrors;

namespace PublicVote.WeChatSandbox.Apis;

/// <summary>api.weixin.qq.com/sns/*: the web-authorization server calls (wechat-protocol.md §1.5–1.8).</summary>
public static class SnsEndpoints
{
    public static IEndpointRouteBuilder MapSns(this IEndpointRouteBuilder app)
    {
        app.MapGet(WeChatPaths.SnsAccessToken, ExchangeCode);
        app.MapGet(WeChatPaths.SnsRefreshToken, Refresh);
        app.MapGet(WeChatPaths.SnsUserInfo, UserInfo);
        app.MapGet(WeChatPaths.SnsAuth, Auth);
        return app;
    }

    private static WeChatResult ExchangeCode(
        string? appid, string? secret, string? code, [FromQuery(Name = "grant_type")] string? grantType,
        IOptions<SandboxOptions> options, CodeStore codes, WebTokenStore tokens)
    {
        if (Credentials.Check(appid, secret, options.Value) is { } credentialError)
        {
            return WeChatResult.Error(credentialError);
        }
        if (string.IsNullOrEmpty(code))
        {
            return WeChatResult.Error(CodeMissing);
        }
        if (grantType != "authorization_code")
        {
            return WeChatResult.Error(InvalidGrantType);
        }
        var redemption = codes.Redeem(code, out var grant);
        return redemption switch
        {
            Redemption.Redeemed => WeChatResult.Ok(TokenBody(tokens.Issue(grant!), withExtras: true)),
            Redemption.Used => WeChatResult.Error(CodeBeenUsed),
            Redemption.Expired => WeChatResult.Error(options.Value.ExpiredCodeErrcode),
            _ => WeChatResult.Error(InvalidCode),
        };
    }

    private static WeChatResult Refresh(
        string? appid, [FromQuery(Name = "grant_type")] string? grantType, [FromQuery(Name = "refresh_token")] string? refreshToken,
        IOptions<SandboxOptions> options, WebTokenStore tokens)
    {
        if (string.IsNullOrEmpty(appid))
        {
            return WeChatResult.Error(AppIdMissing);
        }
        if (appid != options.Value.AppId)
        {
            return WeChatResult.Error(InvalidAppId);
        }
        if (grantType != "refresh_token")
        {
            return WeChatResult.Error(InvalidGrantType);
        }
        if (string.IsNullOrEmpty(refreshToken))
        {
            return WeChatResult.Error(RefreshTokenMissing);
        }
        return tokens.Refresh(refreshToken, out var token) switch
        {
            TokenState.Valid => WeChatResult.Ok(TokenBody(token!, withExtras: false)),
            TokenState.Expired => WeChatResult.Error(RefreshTokenExpired),
            _ => WeChatResult.Error(InvalidRefreshToken),
        };
    }

    private static WeChatResult UserInfo([FromQuery(Name = "access_token")] string? accessToken, string? openid, WebTokenStore tokens)
    {
        if (FindToken(accessToken, tokens, out var token) is { } error)
        {
            return error;
        }
        if (token!.Grant.Scope != Scopes.UserInfo || token.Grant.Snapshot)
        {
            return WeChatResult.Error(ApiUnauthorized);
        }
        if (string.IsNullOrEmpty(openid))
        {
            return WeChatResult.Error(OpenIdMissing);
        }
        if (openid != token.Grant.OpenId)
        {
            return WeChatResult.Error(InvalidOpenId);
        }
        return WeChatResult.Ok(new JsonObject
        {
            ["openid"] = openid,
            ["nickname"] = "沙箱用户" + openid[^Math.Min(4, openid.Length)..],
            // Since 2021-10-20 WeChat no longer returns gender and region.
            ["sex"] = 0,
            ["province"] = "",
            ["city"] = "",
            ["country"] = "",
            ["headimgurl"] = "",
            ["privilege"] = new JsonArray(),
            ["unionid"] = SandboxIds.UnionIdFor(openid),
        });
    }

    private static WeChatResult Auth([FromQuery(Name = "access_token")] string? accessToken, string? openid, WebTokenStore tokens)
    {
        if (FindToken(accessToken, tokens, out var token) is { } error)
        {
            return error;
        }
        return openid == token!.Grant.OpenId ? WeChatResult.OkWithCode() : WeChatResult.Error(InvalidOpenId);
    }

    private static WeChatResult? FindToken(string? accessToken, WebTokenStore tokens, out WebToken? token)
    {
        token = null;
        if (string.IsNullOrEmpty(accessToken))
        {
            return WeChatResult.Error(AccessTokenMissing);
        }
        return tokens.Find(accessToken, out token) switch
        {
            TokenState.Valid => null,
            TokenState.Expired => WeChatResult.Error(AccessTokenExpired),
            _ => WeChatResult.Error(InvalidCredential),
        };
    }

    private static JsonObject TokenBody(WebToken token, bool withExtras)
    {
        var body = new JsonObject
        {
            ["access_token"] = token.AccessToken,
            ["expires_in"] = (int)WebTokenStore.AccessLifetime.TotalSeconds,
            ["refresh_token"] = token.RefreshToken,
            ["openid"] = token.Grant.OpenId,
            ["scope"] = token.Grant.Scope,
        };
        if (withExtras && token.Grant.Snapshot)
        {
            body["is_snapshotuser"] = 1;
        }
        if (withExtras && token.Grant.Scope == Scopes.UserInfo)
        {
            body["unionid"] = SandboxIds.UnionIdFor(token.Grant.OpenId);
        }
        return body;
    }
}
