using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PublicVote.WeChatSandbox.State;
using PublicVote.WeChatSandbox.Wire;
using static PublicVote.WeChatSandbox.Wire.WeChatErrors;

namespace PublicVote.WeChatSandbox.Apis;

/// <summary>api.weixin.qq.com/cgi-bin/*: the global access token and the jsapi ticket (wechat-protocol.md §3, §4.1).</summary>
public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokens(this IEndpointRouteBuilder app)
    {
        app.MapGet(WeChatPaths.Token, ClassicToken);
        app.MapPost(WeChatPaths.StableToken, StableTokenAsync);
        app.MapGet(WeChatPaths.Ticket, Ticket);
        return app;
    }

    private static WeChatResult ClassicToken(
        [FromQuery(Name = "grant_type")] string? grantType, string? appid, string? secret,
        IOptions<SandboxOptions> options, GlobalTokenStore tokens)
    {
        if (grantType != "client_credential")
        {
            return WeChatResult.Error(InvalidGrantType);
        }
        if (Credentials.Check(appid, secret, options.Value) is { } error)
        {
            return WeChatResult.Error(error);
        }
        return Issued(tokens.IssueClassic());
    }

    // The body is read by hand: WeChat answers 47001 to anything that is not a JSON object, not HTTP 400.
    private static async Task<WeChatResult> StableTokenAsync(HttpRequest request, IOptions<SandboxOptions> options, GlobalTokenStore tokens)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }
        if (body is null
            || !TryGetString(body, "grant_type", out var grantType)
            || !TryGetString(body, "appid", out var appId)
            || !TryGetString(body, "secret", out var secret)
            || body["force_refresh"] is { } force && force.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return WeChatResult.Error(DataFormatError);
        }
        if (grantType != "client_credential")
        {
            return WeChatResult.Error(InvalidGrantType);
        }
        if (Credentials.Check(appId, secret, options.Value) is { } error)
        {
            return WeChatResult.Error(error);
        }
        var forceRefresh = body["force_refresh"]?.GetValue<bool>() ?? false;
        return tokens.Stable(forceRefresh) is { } issued ? Issued(issued) : WeChatResult.Error(DailyQuota);
    }

    private static WeChatResult Ticket(
        [FromQuery(Name = "access_token")] string? accessToken, string? type, GlobalTokenStore tokens, TicketStore tickets)
    {
        if (string.IsNullOrEmpty(accessToken))
        {
            return WeChatResult.Error(AccessTokenMissing);
        }
        var state = tokens.Check(accessToken);
        if (state != TokenState.Valid)
        {
            return WeChatResult.Error(state == TokenState.Expired ? AccessTokenExpired : InvalidCredential);
        }
        if (type != "jsapi")
        {
            return WeChatResult.Error(InvalidArgs);
        }
        // WeChat always says 7200 here, whatever the ticket's true remaining life.
        return WeChatResult.OkWithCode(new JsonObject { ["ticket"] = tickets.Current(), ["expires_in"] = (int)TicketStore.Lifetime.TotalSeconds });
    }

    private static WeChatResult Issued(IssuedToken token) =>
        WeChatResult.Ok(new JsonObject { ["access_token"] = token.AccessToken, ["expires_in"] = token.ExpiresIn });

    /// <summary>Absent is fine (the credential check names it); present but not a string is a format error.</summary>
    private static bool TryGetString(JsonObject body, string name, out string? value)
    {
        value = null;
        if (body[name] is not { } node)
        {
            return true;
        }
        if (node.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }
        value = node.GetValue<string>();
        return true;
    }
}
