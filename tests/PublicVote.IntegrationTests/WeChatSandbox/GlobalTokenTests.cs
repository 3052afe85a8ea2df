namespace PublicVote.IntegrationTests.WeChatSandbox;

public sealed class GlobalTokenTests : SandboxTest
{
    [Fact]
    public async Task EachClassicFetchLeavesThePreviousTokenValidForFiveMinutesOnly()
    {
        var first = (await ClassicTokenAsync()).Str("access_token");
        var second = await ClassicTokenAsync();

        Assert.Equal("application/json; encoding=utf-8", second.ContentType);
        Assert.Equal(7200, second.Json.GetProperty("expires_in").GetInt32());
        Assert.NotEqual(first, second.Str("access_token"));
        Clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(0, (await TicketAsync(first)).Errcode);
        Clock.Advance(TimeSpan.FromSeconds(1));

        var stale = await TicketAsync(first);

        Assert.Equal(40001, stale.Errcode);
        Assert.StartsWith("invalid credential, access_token is invalid or not latest, rid: ", stale.Str("errmsg"));
        Assert.Equal(0, (await TicketAsync(second.Str("access_token"))).Errcode);
    }

    [Fact]
    public async Task ClassicTokenExpiresAfterTwoHours()
    {
        var token = (await ClassicTokenAsync()).Str("access_token");

        Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(42001, (await TicketAsync(token)).Errcode);
    }

    [Theory]
    [InlineData("client_credential", "wxffffffffffffffff", AppSecret, 40013)]
    [InlineData("client_credential", AppId, "wrong", 40125)]
    [InlineData("authorization_code", AppId, AppSecret, 40002)]
    public async Task ClassicTokenRefusesBadCredentials(string grantType, string appId, string secret, int expected)
    {
        var reply = await GetAsync($"cgi-bin/token?grant_type={grantType}&appid={appId}&secret={secret}");

        Assert.Equal(expected, reply.Errcode);
        Assert.Equal("application/json; encoding=utf-8", reply.ContentType);
    }

    [Fact]
    public async Task StableTokenReturnsTheSameTokenWithTheRemainingLifetime()
    {
        var first = await StableTokenAsync();
        Clock.Advance(TimeSpan.FromSeconds(1000));

        var second = await StableTokenAsync();

        Assert.Equal(first.Str("access_token"), second.Str("access_token"));
        Assert.Equal(7200, first.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal(6200, second.Json.GetProperty("expires_in").GetInt32());
    }

    [Fact]
    public async Task StableTokenIsRenewedInItsLastFiveMinutesWhileTheOldOneRunsOut()
    {
        var first = (await StableTokenAsync()).Str("access_token");
        Clock.Advance(TimeSpan.FromSeconds(6901));

        var renewed = await StableTokenAsync();

        Assert.NotEqual(first, renewed.Str("access_token"));
        Assert.Equal(7200, renewed.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal(0, (await TicketAsync(first)).Errcode);
        Clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(42001, (await TicketAsync(first)).Errcode);
    }

    [Fact]
    public async Task ForceRefreshIssuesANewTokenAtMostEvery30Seconds()
    {
        var first = (await StableTokenAsync()).Str("access_token");

        var forced = (await StableTokenAsync(forceRefresh: true)).Str("access_token");
        Clock.Advance(TimeSpan.FromSeconds(29));
        var tooSoon = (await StableTokenAsync(forceRefresh: true)).Str("access_token");
        Clock.Advance(TimeSpan.FromSeconds(1));
        var again = (await StableTokenAsync(forceRefresh: true)).Str("access_token");

        Assert.NotEqual(first, forced);
        Assert.Equal(forced, tooSoon);
        Assert.NotEqual(forced, again);
        Assert.Equal(0, (await TicketAsync(first)).Errcode);
        Clock.Advance(TimeSpan.FromSeconds(300));
        Assert.Equal(40001, (await TicketAsync(first)).Errcode);
    }

    [Fact]
    public async Task ForceRefreshStopsAfter20ADayWith45009()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(0, (await StableTokenAsync(forceRefresh: true)).Errcode);
            Clock.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(45009, (await StableTokenAsync(forceRefresh: true)).Errcode);
    }

    [Fact]
    public async Task StableTokensAreIsolatedFromClassicFetches()
    {
        var stable = (await StableTokenAsync()).Str("access_token");

        await ClassicTokenAsync();
        await ClassicTokenAsync();
        Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, (await TicketAsync(stable)).Errcode);
        Assert.Equal(stable, (await StableTokenAsync()).Str("access_token"));
    }

    [Theory]
    [InlineData("grant_type=client_credential", "application/x-www-form-urlencoded")]
    [InlineData("[1,2]", "application/json")]
    [InlineData("{\"grant_type\":\"client_credential\",\"appid\":1}", "application/json")]
    public async Task StableTokenAnswers47001ToABodyThatIsNotTheJsonObject(string body, string contentType)
    {
        var reply = await PostAsync("cgi-bin/stable_token", body, contentType);

        Assert.Equal(47001, reply.Errcode);
    }

    [Fact]
    public async Task TicketIsTheSameWithinItsValidityWhicheverTokenAsks()
    {
        var classic = (await ClassicTokenAsync()).Str("access_token");
        var stable = (await StableTokenAsync()).Str("access_token");

        var first = await TicketAsync(classic);
        Clock.Advance(TimeSpan.FromMinutes(30));
        var second = await TicketAsync(stable);

        Assert.Equal("application/json; encoding=utf-8", first.ContentType);
        Assert.Equal(0, first.Json.GetProperty("errcode").GetInt32());
        Assert.Equal("ok", first.Str("errmsg"));
        Assert.Equal(7200, second.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal(first.Str("ticket"), second.Str("ticket"));
    }

    [Fact]
    public async Task TicketOfAnotherTypeAnswers40097AndAWebTokenIsNotAGlobalToken()
    {
        var global = (await ClassicTokenAsync()).Str("access_token");
        var web = (await SignedInTokenAsync("oVoter1")).Str("access_token");

        Assert.Equal(40097, (await TicketAsync(global, type: "wx_card")).Errcode);
        Assert.Equal(40001, (await TicketAsync(web)).Errcode);
    }
}
