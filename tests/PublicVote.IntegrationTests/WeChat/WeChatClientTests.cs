using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.WeChat;

namespace PublicVote.IntegrationTests.WeChat;

/// <summary>The product's WeChat client against the sandbox: every endpoint, the error mapping and what is retried.</summary>
public sealed class WeChatClientTests(WeChatFixture fixture) : IClassFixture<WeChatFixture>, IAsyncLifetime
{
    private WeChatClient Client => fixture.Api.Services.GetRequiredService<WeChatClient>();

    public Task InitializeAsync() => fixture.Sandbox.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void TheAuthorizeUrlHasWeChatsExactParameterOrderAndFragment()
    {
        var url = Client.AuthorizeUrl("https://vote.example.cn/api/v1/wechat/callback?x=1&y=中", "abc123");
        Assert.Equal(
            fixture.Sandbox.BaseUrl + "connect/oauth2/authorize?appid=" + WeChatFixture.AppId
            + "&redirect_uri=https%3A%2F%2Fvote.example.cn%2Fapi%2Fv1%2Fwechat%2Fcallback%3Fx%3D1%26y%3D%E4%B8%AD"
            + "&response_type=code&scope=snsapi_base&state=abc123#wechat_redirect",
            url);
        Assert.Throws<ArgumentException>(() => Client.AuthorizeUrl("https://vote.example.cn/", "not-alnum!"));
    }

    [Fact]
    public async Task ACodeIsExchangedOnceThenReportedAsUsed()
    {
        var code = await fixture.Sandbox.IssueCodeAsync("oCitizen0000000000000000001");
        var first = await Client.ExchangeCodeAsync(code);
        Assert.Equal("oCitizen0000000000000000001", first.Value!.OpenId);
        Assert.False(first.Value.IsSnapshot);
        Assert.Null(first.Value.UnionId);
        Assert.Equal(WeChatErrorKind.CodeUsed, (await Client.ExchangeCodeAsync(code)).Error!.Kind);
    }

    [Fact]
    public async Task ASnapshotUsersCodeSaysSo()
    {
        var code = await fixture.Sandbox.IssueCodeAsync("oSnapshot000000000000000001", snapshot: true);
        Assert.True((await Client.ExchangeCodeAsync(code)).Value!.IsSnapshot);
    }

    [Fact]
    public async Task AnInvalidCodeIsNotRetried()
    {
        var result = await Client.ExchangeCodeAsync("no-such-code");
        Assert.Equal(new WeChatError(40029, WeChatErrorKind.InvalidCode), result.Error);
        Assert.Equal(1, (await fixture.Sandbox.CallsAsync())["/sns/oauth2/access_token"]);
    }

    [Fact]
    public async Task SystemBusyIsRetriedUntilItSucceeds()
    {
        var code = await fixture.Sandbox.IssueCodeAsync("oBusy00000000000000000000001");
        await fixture.Sandbox.InjectFaultAsync("/sns/oauth2/access_token", -1, count: 2);
        Assert.True((await Client.ExchangeCodeAsync(code)).IsSuccess);
        Assert.Equal(3, (await fixture.Sandbox.CallsAsync())["/sns/oauth2/access_token"]);
    }

    [Fact]
    public async Task SystemBusyGivesUpAfterTheConfiguredRetries()
    {
        await fixture.Sandbox.InjectFaultAsync("/sns/oauth2/access_token", -1, count: 10);
        Assert.Equal(WeChatErrorKind.SystemBusy, (await Client.ExchangeCodeAsync("any")).Error!.Kind);
        Assert.Equal(3, (await fixture.Sandbox.CallsAsync())["/sns/oauth2/access_token"]);
    }

    [Theory]
    [InlineData(45011, WeChatErrorKind.RateLimited)]
    [InlineData(45009, WeChatErrorKind.RateLimited)]
    [InlineData(40164, WeChatErrorKind.IpNotWhitelisted)]
    [InlineData(40163, WeChatErrorKind.CodeUsed)]
    [InlineData(42001, WeChatErrorKind.TokenExpired)]
    [InlineData(40001, WeChatErrorKind.InvalidCredentials)]
    public async Task InjectedErrorsMapToTheirKindWithoutRetry(int errCode, WeChatErrorKind kind)
    {
        await fixture.Sandbox.InjectFaultAsync("/cgi-bin/stable_token", errCode, count: 5);
        Assert.Equal(new WeChatError(errCode, kind), (await Client.GetStableTokenAsync()).Error);
        Assert.Equal(1, (await fixture.Sandbox.CallsAsync())["/cgi-bin/stable_token"]);
    }

    [Fact]
    public async Task AWrongSecretIsInvalidCredentials()
    {
        var options = Options.Create(new WeChatOptions
        {
            AppId = WeChatFixture.AppId,
            AppSecret = "wrong",
            ApiBaseUrl = fixture.Sandbox.BaseUrl.AbsoluteUri,
        });
        var client = new WeChatClient(fixture.Api.Services.GetRequiredService<IHttpClientFactory>(), options, new RetryBudget(),
            NullLogger<WeChatClient>.Instance);
        Assert.Equal(new WeChatError(40125, WeChatErrorKind.InvalidCredentials), (await client.GetClassicTokenAsync()).Error);
    }

    [Fact]
    public async Task RefreshUserInfoAndAuthCheckSpeakTheWireFormat()
    {
        var baseToken = (await Client.ExchangeCodeAsync(await fixture.Sandbox.IssueCodeAsync("oBase000000000000000000000001"))).Value!;
        Assert.Equal(WeChatErrorKind.Unauthorized, (await Client.GetUserInfoAsync(baseToken.AccessToken, baseToken.OpenId)).Error!.Kind);
        Assert.True((await Client.CheckOAuthTokenAsync(baseToken.AccessToken, baseToken.OpenId)).IsSuccess);
        Assert.Equal(WeChatErrorKind.InvalidOpenId, (await Client.CheckOAuthTokenAsync(baseToken.AccessToken, "oSomeoneElse00000000000000001")).Error!.Kind);
        Assert.Equal(WeChatErrorKind.InvalidCredentials, (await Client.CheckOAuthTokenAsync("not-a-token", baseToken.OpenId)).Error!.Kind);

        var userInfoCode = await fixture.Sandbox.IssueCodeAsync("oInfo000000000000000000000001", scope: "snsapi_userinfo");
        var infoToken = (await Client.ExchangeCodeAsync(userInfoCode)).Value!;
        Assert.NotNull(infoToken.UnionId);
        Assert.Equal("oInfo000000000000000000000001", (await Client.GetUserInfoAsync(infoToken.AccessToken, infoToken.OpenId)).Value!.OpenId);

        var refreshed = await Client.RefreshOAuthTokenAsync(infoToken.RefreshToken);
        Assert.Equal(infoToken.OpenId, refreshed.Value!.OpenId);
        Assert.Equal(WeChatErrorKind.InvalidRefreshToken, (await Client.RefreshOAuthTokenAsync("nope")).Error!.Kind);
    }

    [Fact]
    public async Task GlobalTokensAndTheJsApiTicketAreFetched()
    {
        var stable = (await Client.GetStableTokenAsync()).Value!;
        Assert.Equal(stable.Token, (await Client.GetStableTokenAsync()).Value!.Token);
        var classic = (await Client.GetClassicTokenAsync()).Value!;
        Assert.NotEqual(classic.Token, (await Client.GetClassicTokenAsync()).Value!.Token);
        var ticket = (await Client.GetJsApiTicketAsync(stable.Token)).Value!;
        Assert.False(string.IsNullOrEmpty(ticket.Ticket));
        Assert.Equal(WeChatErrorKind.InvalidCredentials, (await Client.GetJsApiTicketAsync("stale")).Error!.Kind);
    }

    [Fact]
    public async Task NeitherTheSecretNorCodesNorTokensNorOpenIdsReachTheLogs()
    {
        var code = await fixture.Sandbox.IssueCodeAsync("oSecretive000000000000000001");
        var token = (await Client.ExchangeCodeAsync(code)).Value!;
        await fixture.Sandbox.InjectFaultAsync("/sns/oauth2/access_token", -1, count: 10);
        await Client.ExchangeCodeAsync(code);
        await Client.GetClassicTokenAsync();
        var logs = string.Join('\n', fixture.Api.Logs);
        Assert.Contains("/sns/oauth2/access_token", logs); // the failures were logged ...
        foreach (var secret in new[] { WeChatFixture.AppSecret, code, token.AccessToken, token.OpenId })
        {
            Assert.DoesNotContain(secret, logs); // ... without anything that identifies or authorizes
        }
    }
}
