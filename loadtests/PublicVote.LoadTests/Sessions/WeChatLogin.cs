using System.Net;
using PublicVote.LoadTests.Engine;

namespace PublicVote.LoadTests.Sessions;

/// <summary>
/// Voter sessions through the product's WeChat login against the WeChat sandbox, redirects followed by hand:
/// API <c>/wechat/authorize</c> → 302 to the sandbox (keeping the state cookie the API sets) → sandbox authorize
/// with <c>X-Sandbox-OpenId</c> → 302 back to the API callback → 302 with <c>Set-Cookie: pv_session</c>.
/// Every hop must stay on loopback. Tokens and openids are never printed.
/// </summary>
internal sealed class WeChatLogin(HttpClient noRedirectsNoCookies, Uri apiBase, long campaignId)
{
    public const string SessionCookie = "pv_session";

    public async Task<string> LoginAsync(string openId, CancellationToken cancellationToken)
    {
        var authorize = new Uri(apiBase, $"/api/v1/wechat/authorize?campaignId={campaignId}&returnUrl=%2F");
        using var first = await SendAsync(authorize, null, null, cancellationToken);
        var sandbox = RedirectOf(first, "the API's /wechat/authorize");
        var stateCookies = CookiesOf(first);

        using var second = await SendAsync(sandbox, null, openId, cancellationToken);
        var callback = RedirectOf(second, "the sandbox's authorize page");

        using var third = await SendAsync(callback, stateCookies, null, cancellationToken);
        if ((int)third.StatusCode is < 300 or >= 400)
        {
            throw new InvalidOperationException($"the API's /wechat/callback answered {(int)third.StatusCode}, expected a redirect with the session cookie");
        }
        return CookiesOf(third).Split("; ").Select(c => c.Split('=', 2)).Where(kv => kv.Length == 2 && kv[0] == SessionCookie)
            .Select(kv => kv[1]).FirstOrDefault(v => v.Length > 0)
            ?? throw new InvalidOperationException($"the API's /wechat/callback set no {SessionCookie} cookie");
    }

    public static async Task<IReadOnlyList<string>> LoginManyAsync(
        HttpClient client, Uri apiBase, long campaignId, string openIdPrefix, int count, int parallel, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var login = new WeChatLogin(client, apiBase, campaignId);
        var tokens = new string[count];
        var done = 0;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            tokens[i] = await login.LoginAsync($"{openIdPrefix}{i}", ct);
            progress?.Report(Interlocked.Increment(ref done));
        });
        return tokens;
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, string? cookies, string? sandboxOpenId, CancellationToken cancellationToken)
    {
        LoopbackGuard.RequireLoopback(url.AbsoluteUri, "a WeChat login redirect");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (!string.IsNullOrEmpty(cookies))
        {
            request.Headers.TryAddWithoutValidation("Cookie", cookies);
        }
        if (sandboxOpenId is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Sandbox-OpenId", sandboxOpenId);
        }
        return await noRedirectsNoCookies.SendAsync(request, cancellationToken);
    }

    private static Uri RedirectOf(HttpResponseMessage response, string what)
    {
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect)
            || response.Headers.Location is null)
        {
            throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}, expected a 302 redirect");
        }
        var location = response.Headers.Location;
        return location.IsAbsoluteUri ? location : new Uri(response.RequestMessage!.RequestUri!, location);
    }

    /// <summary>The <c>name=value</c> pairs of every Set-Cookie, joined as a Cookie header.</summary>
    internal static string CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? string.Join("; ", values.Select(v => v.Split(';', 2)[0].Trim()).Where(v => v.Contains('=', StringComparison.Ordinal)))
            : "";
}
