using Microsoft.Extensions.Options;
using PublicVote.Api.Storage.Redis;

namespace PublicVote.Api.Features.AntiFraud.Signals;

/// <summary>The request's part of the hot-path signals: the client's IP prefix and the vote token, if any.</summary>
public sealed class VoteSignalReader(IOptions<AntiFraudOptions> options, VoteTokens tokens)
{
    /// <summary>The optional header carrying the token from <c>GET .../candidates/{id}/vote-token</c>.</summary>
    public const string TokenHeader = "X-Vote-Token";

    public VoteSignals? Read(HttpContext http, long campaignId, long candidateId, string openId, DateTimeOffset now) =>
        options.Value.SignalsEnabled
            ? new VoteSignals(
                ClientNetwork.Prefix(http.Connection.RemoteIpAddress),
                tokens.Check(http.Request.Headers[TokenHeader], campaignId, candidateId, openId, now))
            : null;
}
