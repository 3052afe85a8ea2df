using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using PublicVote.Api.Features.Voting;
using PublicVote.Api.Features.WeChat;
using PublicVote.Api.Storage.Redis;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.WeChat;

/// <summary>The voter's sign-in, end to end: API → sandbox authorize → API callback → session → vote.</summary>
public sealed class WeChatLoginTests(WeChatFixture fixture) : IClassFixture<WeChatFixture>, IAsyncLifetime
{
    private readonly HttpClient _api = fixture.Api.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = false,
    });

    public Task InitializeAsync() => fixture.Sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ACitizenSignsInThroughWeChatAndVotes()
    {
        var campaign = await fixture.Api.CreateCampaignAsync();
        var login = await StartAsync(campaign.Id, "/h5/campaigns/1?tab=person");
        Assert.StartsWith(fixture.Sandbox.BaseUrl + "connect/oauth2/authorize?appid=" + WeChatFixture.AppId
            + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A5080%2Fapi%2Fv1%2Fwechat%2Fcallback&response_type=code&scope=snsapi_base&state=",
            login.AuthorizeUrl);
        Assert.EndsWith("#wechat_redirect", login.AuthorizeUrl);

        var callback = await ApproveAsync(login, "oCitizenE2E0000000000000001");
        using var done = await CallbackAsync(callback, login.StateCookie);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/h5/campaigns/1?tab=person", done.Headers.Location!.OriginalString);
        var session = CookieValue(done, "pv_session")!;
        Assert.Contains(done.Headers.GetValues("Set-Cookie"), c => c.StartsWith("pv_session=", StringComparison.Ordinal)
            && c.Contains("httponly", StringComparison.OrdinalIgnoreCase) && c.Contains("samesite=lax", StringComparison.OrdinalIgnoreCase));

        using var vote = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/campaigns/{campaign.Id}/votes")
        {
            Content = JsonContent.Create(new { candidateId = campaign.CandidateIds[0] }),
        };
        vote.Headers.Add("Cookie", "pv_session=" + session);
        var receipt = await ProblemAssert.IsOkAsync<JsonElement>(await _api.SendAsync(vote));
        Assert.Equal(campaign.CandidateIds[0], receipt.GetProperty("candidateId").GetInt64());
        await fixture.Api.DrainAsync();
        await using var db = await fixture.Api.Db.OpenConnectionAsync();
        Assert.Equal("oCitizenE2E0000000000000001", await Dapper.SqlMapper.ExecuteScalarAsync<string>(db,
            "SELECT voter_openid FROM votes WHERE campaign_id = @id", new { id = campaign.Id }));
    }

    [Fact]
    public async Task TheFirstLoginTimeIsRecordedAndKept()
    {
        var campaign = await fixture.Api.CreateCampaignAsync();
        var store = fixture.Api.Services.GetRequiredService<WeChatStore>();
        const string openId = "oFirstSeen00000000000000001";
        await SignInAsync(campaign.Id, openId);
        var first = fixture.Clock.GetUtcNow();
        fixture.Clock.Advance(TimeSpan.FromHours(3));
        await SignInAsync(campaign.Id, openId);
        Assert.Equal(first.ToUnixTimeMilliseconds(),
            (await store.FirstSeenAsync(campaign.Id, VoterShard.Of(openId, 1), openId))!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task WeChatsDuplicateCallbackIsAnsweredFromTheCacheWithoutASecondExchange()
    {
        var campaign = await fixture.Api.CreateCampaignAsync();
        var login = await StartAsync(campaign.Id, "/");
        var callback = await ApproveAsync(login, "oTwice0000000000000000000001");
        using var first = await CallbackAsync(callback, login.StateCookie);
        using var second = await CallbackAsync(callback, login.StateCookie);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.NotNull(CookieValue(second, "pv_session"));
        Assert.Equal(1, (await fixture.Sandbox.CallsAsync())["/sns/oauth2/access_token"]);
    }

    [Fact]
    public async Task ACallbackWhoseStateIsNotBoundToThisBrowserIsRefused()
    {
        var campaign = await fixture.Api.CreateCampaignAsync();
        var victim = await StartAsync(campaign.Id, "/");
        var attacker = await StartAsync(campaign.Id, "/");
        // The attacker's own code and state, replayed into the victim's browser (login CSRF).
        var attackersCallback = await ApproveAsync(attacker, "oAttacker000000000000000001");
        await ProblemAssert.IsProblemAsync(await CallbackAsync(attackersCallback, victim.StateCookie),
            HttpStatusCode.BadRequest, "login-state-mismatch");
        await ProblemAssert.IsProblemAsync(await CallbackAsync(attackersCallback, null),
            HttpStatusCode.BadRequest, "login-state-mismatch");
        Assert.False((await fixture.Sandbox.CallsAsync()).ContainsKey("/sns/oauth2/access_token"), "no code was exchanged");
    }

    [Theory]
    [InlineData("https://evil.example.com/phish")]
    [InlineData("//evil.example.com/phish")]
    [InlineData("/\\evil.example.com")]
    public async Task AReturnUrlOffThisSiteIsRefused(string returnUrl)
    {
        var campaign = await fixture.Api.CreateCampaignAsync();
        await ProblemAssert.IsProblemAsync(
            await _api.GetAsync($"/api/v1/wechat/authorize?campaignId={campaign.Id}&returnUrl={Uri.EscapeDataString(returnUrl)}"),
            HttpStatusCode.BadRequest, "invalid-return-url");
    }

    [Fact]
    public async Task AnUnknownCampaignIsRefusedBeforeGoingToWeChat()
    {
        await ProblemAssert.IsProblemAsync(await _api.GetAsync("/api/v1/wechat/authorize?campaignId=987654321"),
            HttpStatusCode.NotFound, "campaign-not-found");
    }

    [Fact]
    public async Task SnapshotUsersAreRefusedWithTheUseFullServiceHintAndGetNoSession()
    {
        var campaign = await fixture.Api.CreateCampaignAsync();
        var login = await StartAsync(campaign.Id, "/");
        var callback = await ApproveAsync(login, "oSnapshot000000000000000002", snapshot: true);
        using var json = await CallbackAsync(callback, login.StateCookie);
        var problem = await ProblemAssert.IsProblemAsync(json, HttpStatusCode.Forbidden, "wechat-snapshot-user");
        Assert.Contains("使用完整服务", problem.GetProperty("detail").GetString());
        Assert.Null(CookieValue(json, "pv_session"));

        using var html = await CallbackAsync(callback, login.StateCookie, accept: "text/html");
        Assert.Equal(HttpStatusCode.Forbidden, html.StatusCode);
        Assert.Contains("使用完整服务", await html.Content.ReadAsStringAsync());
        var store = fixture.Api.Services.GetRequiredService<WeChatStore>();
        Assert.Null(await store.FirstSeenAsync(campaign.Id, 0, "oSnapshot000000000000000002"));
    }

    [Fact]
    public async Task AnExpiredCodeAsksTheCitizenToSignInAgain()
    {
        var campaign = await fixture.Api.CreateCampaignAsync();
        var login = await StartAsync(campaign.Id, "/");
        var callback = await ApproveAsync(login, "oSlow000000000000000000000001");
        fixture.Clock.Advance(TimeSpan.FromMinutes(6)); // codes die after 5 minutes; the state cookie lives 10
        await ProblemAssert.IsProblemAsync(await CallbackAsync(callback, login.StateCookie),
            HttpStatusCode.Unauthorized, "wechat-code-invalid");
    }

    [Fact]
    public async Task WeChatStayingBusyIsA503()
    {
        var campaign = await fixture.Api.CreateCampaignAsync();
        var login = await StartAsync(campaign.Id, "/");
        var callback = await ApproveAsync(login, "oBusy2000000000000000000001");
        await fixture.Sandbox.InjectFaultAsync("/sns/oauth2/access_token", -1, count: 10);
        await ProblemAssert.IsProblemAsync(await CallbackAsync(callback, login.StateCookie),
            HttpStatusCode.ServiceUnavailable, "wechat-unavailable");
    }

    [Fact]
    public async Task ACallbackWithoutCodeMeansWeChatDidNotAuthorize()
    {
        var campaign = await fixture.Api.CreateCampaignAsync();
        var login = await StartAsync(campaign.Id, "/");
        await ProblemAssert.IsProblemAsync(await CallbackAsync($"/api/v1/wechat/callback?state={login.State}", login.StateCookie),
            HttpStatusCode.Unauthorized, "wechat-authorization-denied");
    }

    [Fact]
    public async Task ABrowserGetsAChinesePageLeadingBackToItsPageWhenSignInFailsAndScriptsKeepTheProblem()
    {
        const string page = "/h5/candidate.html?c=7&id=9";
        const string browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        var campaign = await fixture.Api.CreateCampaignAsync();
        var againHref = $"/api/v1/wechat/authorize?campaignId={campaign.Id}&amp;returnUrl=%2Fh5%2Fcandidate.html%3Fc%3D7%26id%3D9";

        // An expired code: the way back to the voting page, and a fresh sign-in.
        var login = await StartAsync(campaign.Id, page);
        var callback = await ApproveAsync(login, "oHtmlFailure000000000000001");
        fixture.Clock.Advance(TimeSpan.FromMinutes(6));
        var expired = await FailurePageAsync(await CallbackAsync(callback, login.StateCookie, browser), HttpStatusCode.Unauthorized, "登录链接已失效");
        Assert.Contains("href=\"/h5/candidate.html?c=7&amp;id=9\">返回投票页面", expired, StringComparison.Ordinal);
        Assert.Contains($"href=\"{againHref}\">重新登录", expired, StringComparison.Ordinal);
        await ProblemAssert.IsProblemAsync(await CallbackAsync(callback, login.StateCookie), HttpStatusCode.Unauthorized, "wechat-code-invalid");

        // Another browser's callback (login CSRF) in this one: refused, and this browser's own page is offered.
        var other = await StartAsync(campaign.Id, "/h5/?c=1");
        var mismatch = await FailurePageAsync(
            await CallbackAsync(await ApproveAsync(other, "oHtmlOther00000000000000001"), login.StateCookie, browser), HttpStatusCode.BadRequest, "微信登录没有完成");
        Assert.Contains("href=\"/h5/candidate.html?c=7&amp;id=9\">返回投票页面", mismatch, StringComparison.Ordinal);

        // No state cookie at all (another browser, or cookies off): nothing to lead back to but the instructions.
        var lost = await FailurePageAsync(await CallbackAsync($"/api/v1/wechat/callback?code=x&state={login.State}", null, browser),
            HttpStatusCode.BadRequest, "微信登录没有完成");
        Assert.DoesNotContain("<a ", lost, StringComparison.Ordinal);
        Assert.Contains("重新打开活动链接", lost, StringComparison.Ordinal);

        // WeChat busy: 503 with Retry-After, and a retry offered.
        var busyLogin = await StartAsync(campaign.Id, page);
        var busyCallback = await ApproveAsync(busyLogin, "oHtmlBusy000000000000000001");
        await fixture.Sandbox.InjectFaultAsync("/sns/oauth2/access_token", -1, count: 10);
        using (var busy = await CallbackAsync(busyCallback, busyLogin.StateCookie, browser))
        {
            Assert.Equal("5", busy.Headers.RetryAfter?.ToString());
            Assert.Contains("重新登录", await FailurePageAsync(busy, HttpStatusCode.ServiceUnavailable, "微信暂时没有响应"), StringComparison.Ordinal);
        }

        // A snapshot user: the hint and the way back, but no sign-in (it would fail the same way).
        await fixture.Sandbox.ResetAsync();
        var snapshotLogin = await StartAsync(campaign.Id, page);
        var snapshot = await FailurePageAsync(await CallbackAsync(await ApproveAsync(snapshotLogin, "oHtmlSnap000000000000000001", snapshot: true),
            snapshotLogin.StateCookie, browser), HttpStatusCode.Forbidden, "请使用完整服务");
        Assert.Contains("使用完整服务」", snapshot, StringComparison.Ordinal);
        Assert.DoesNotContain("重新登录", snapshot, StringComparison.Ordinal);
    }

    /// <summary>Asserts the failure page: status, HTML, its own strict CSP, never cached, no session; returns the body.</summary>
    private static async Task<string> FailurePageAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(LoginFailurePage.Policy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Contains($"<h1>{title}</h1>", body, StringComparison.Ordinal);
            Assert.DoesNotContain("urn:publicvote:problem", body, StringComparison.Ordinal);
            Assert.DoesNotContain("<script", body, StringComparison.OrdinalIgnoreCase);
            Assert.Null(CookieValue(response, "pv_session"));
            return body;
        }
    }

    private async Task SignInAsync(long campaignId, string openId)
    {
        var login = await StartAsync(campaignId, "/");
        using var done = await CallbackAsync(await ApproveAsync(login, openId), login.StateCookie);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
    }

    private async Task<Login> StartAsync(long campaignId, string returnUrl)
    {
        using var response = await _api.GetAsync($"/api/v1/wechat/authorize?campaignId={campaignId}&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var authorize = response.Headers.Location!.OriginalString;
        var state = authorize.Split("&state=")[1].Split('#')[0];
        return new Login(authorize, state, CookieValue(response, "pv_oauth")!);
    }

    /// <summary>The sandbox's authorize page, automated: returns our callback's path and query.</summary>
    private async Task<string> ApproveAsync(Login login, string openId, bool snapshot = false)
    {
        using var sandbox = fixture.Sandbox.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, login.AuthorizeUrl.Split('#')[0]);
        request.Headers.Add("X-Sandbox-OpenId", openId);
        if (snapshot)
        {
            request.Headers.Add("X-Sandbox-Snapshot", "1");
        }
        using var response = await sandbox.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var callback = response.Headers.Location!;
        Assert.StartsWith(WeChatFixture.PublicBaseUrl + "/api/v1/wechat/callback?", callback.AbsoluteUri);
        return callback.PathAndQuery;
    }

    private async Task<HttpResponseMessage> CallbackAsync(string pathAndQuery, string? stateCookie, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Add("Accept", accept);
        if (stateCookie is not null)
        {
            request.Headers.Add("Cookie", "pv_oauth=" + stateCookie);
        }
        return await _api.SendAsync(request);
    }

    private static string? CookieValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.Where(c => c.StartsWith(name + "=", StringComparison.Ordinal))
                .Select(c => c[(name.Length + 1)..].Split(';')[0])
                .FirstOrDefault(v => v.Length > 0)
            : null;

    private sealed record Login(string AuthorizeUrl, string State, string StateCookie);
}
