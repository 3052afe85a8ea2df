using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PublicVote.Api.Storage.Redis;

namespace PublicVote.Api.Features.WeChat;

/// <summary>Who a code belongs to: the openid, and whether WeChat marked it a snapshot-page virtual account.</summary>
public sealed record WeChatIdentity(string OpenId, bool IsSnapshot);

/// <summary>
/// Exchanges an OAuth code for the user's identity. WeChat sometimes delivers the same callback twice (and a refresh
/// of the callback page does the same); the second exchange would fail with 40163, so each result is remembered in
/// Redis for a few minutes (keyed by the code's hash) and a duplicate is answered from there, on any node.
/// </summary>
public sealed class OAuthLogin(WeChatClient client, WeChatStore store, IOptions<WeChatOptions> options)
{
    private static readonly TimeSpan WaitForTwin = TimeSpan.FromMilliseconds(100);
    private const int TwinPolls = 30;

    public async Task<WeChatResult<WeChatIdentity>> ExchangeAsync(string code, CancellationToken ct)
    {
        var codeHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
        if (Parse(await store.GetExchangedCodeAsync(codeHash)) is { } remembered)
        {
            return remembered;
        }
        var reply = await client.ExchangeCodeAsync(code, ct);
        if (reply.Value is { } token)
        {
            var identity = new WeChatIdentity(token.OpenId, token.IsSnapshot);
            // A snapshot user's openid is a virtual account's: remember only that it was one, never the id.
            await store.RememberExchangedCodeAsync(codeHash, identity.IsSnapshot ? "1|" : "0|" + identity.OpenId,
                options.Value.CodeReplayWindow);
            return identity;
        }
        if (reply.Error!.Kind == WeChatErrorKind.CodeUsed)
        {
            // Its twin callback may be exchanging it right now on another node: give it a moment to write the result.
            for (var poll = 0; poll < TwinPolls; poll++)
            {
                await Task.Delay(WaitForTwin, ct);
                if (Parse(await store.GetExchangedCodeAsync(codeHash)) is { } twin)
                {
                    return twin;
                }
            }
        }
        return reply.Error;
    }

    private static WeChatIdentity? Parse(string? stored) =>
        stored is { Length: >= 2 } && stored[1] == '|' ? new WeChatIdentity(stored[2..], stored[0] == '1') : null;
}
