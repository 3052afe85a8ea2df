using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.WeChat;

/// <summary>A started login: where to go back to, for which campaign.</summary>
public sealed record PendingLogin(long CampaignId, string ReturnUrl);

/// <summary>
/// Binds a login to the browser that started it (login CSRF): the random <c>state</c> sent to WeChat is also kept in
/// a signed, short-lived cookie, and the callback is accepted only when both agree. No server-side state, so any node
/// can take the callback. Cookie value: <c>base64url("v1|campaign|expiry|state|returnUrl") + "." + HMAC</c>, keyed by
/// a key derived from the session key.
/// </summary>
public sealed class OAuthState(IOptions<VotingOptions> voting, IOptions<WeChatOptions> options, TimeProvider time)
{
    public const string CookieName = "pv_oauth";

    /// <summary>What WeChat allows in <c>state</c>; the JS-SDK nonce uses it too.</summary>
    public const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly byte[] _key = HMACSHA256.HashData(voting.Value.SessionKeyBytes(), "publicvote/oauth-state/v1"u8);

    /// <summary>A fresh state (32 alphanumerics, as WeChat requires) and the cookie value that proves it.</summary>
    public (string State, string Cookie) Start(PendingLogin login)
    {
        var state = RandomNumberGenerator.GetString(Alphanumerics, 32);
        var expires = time.GetUtcNow().Add(options.Value.StateLifetime).ToUnixTimeSeconds();
        return (state, SignedValues.Seal(_key, string.Create(CultureInfo.InvariantCulture,
            $"v1|{login.CampaignId}|{expires}|{state}|{login.ReturnUrl}")));
    }

    /// <summary>The login this browser started with this state, or null (missing, forged, expired or another state).</summary>
    public PendingLogin? Finish(string? cookie, string? state)
    {
        if (string.IsNullOrEmpty(state) || Read(cookie) is not { } started)
        {
            return null;
        }
        return time.GetUtcNow().ToUnixTimeSeconds() < started.Expires
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(started.State), Encoding.ASCII.GetBytes(state))
            ? started.Login
            : null;
    }

    /// <summary>
    /// The login this browser last started, expired or not, whatever the state: only to lead the citizen back to that
    /// page after a failed sign-in (the value is ours, signed, and its return URL was checked when it was made).
    /// </summary>
    public PendingLogin? Peek(string? cookie) => Read(cookie)?.Login;

    private (PendingLogin Login, long Expires, string State)? Read(string? cookie)
    {
        if (SignedValues.Open(_key, cookie, maxLength: 2048) is not { } payload)
        {
            return null;
        }
        var parts = payload.Split('|', 5);
        return parts.Length == 5 && parts[0] == "v1"
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var campaignId)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            ? (new PendingLogin(campaignId, parts[4]), expires, parts[3])
            : null;
    }
}
