namespace PublicVote.IntegrationTests.WeChatSandbox;

public sealed class WebTokenTests : SandboxTest
{
    [Fact]
    public async Task UserInfoAnswersTheProfileForAUserInfoToken()
    {
        var token = await SignedInTokenAsync("oVoter1", scope: "snsapi_userinfo");

        var reply = await UserInfoAsync(token.Str("access_token"), "oVoter1");

        Assert.Equal("text/plain", reply.ContentType);
        Assert.Equal("oVoter1", reply.Str("openid"));
        Assert.NotEmpty(reply.Str("nickname"));
        Assert.Equal(0, reply.Json.GetProperty("sex").GetInt32());
        Assert.Equal("", reply.Str("province"));
        Assert.Equal("", reply.Str("headimgurl"));
        Assert.Equal(0, reply.Json.GetProperty("privilege").GetArrayLength());
        Assert.Equal(token.Str("unionid"), reply.Str("unionid"));
    }

    [Fact]
    public async Task UserInfoWithABaseScopeTokenAnswers48001()
    {
        var token = await SignedInTokenAsync("oVoter1");

        Assert.Equal(48001, (await UserInfoAsync(token.Str("access_token"), "oVoter1")).Errcode);
    }

    [Fact]
    public async Task UserInfoWithASnapshotTokenAnswers48001()
    {
        var token = await SignedInTokenAsync("oVirtual", scope: "snsapi_userinfo", snapshot: true);

        Assert.Equal(48001, (await UserInfoAsync(token.Str("access_token"), "oVirtual")).Errcode);
    }

    [Fact]
    public async Task UserInfoForAnotherOpenIdAnswers40003()
    {
        var token = await SignedInTokenAsync("oVoter1", scope: "snsapi_userinfo");

        Assert.Equal(40003, (await UserInfoAsync(token.Str("access_token"), "oSomeoneElse")).Errcode);
    }

    [Fact]
    public async Task UserInfoAnswers40001ForAnUnknownTokenAnd42001ForAnExpiredOne()
    {
        var token = await SignedInTokenAsync("oVoter1", scope: "snsapi_userinfo");
        Assert.Equal(40001, (await UserInfoAsync("not-a-token", "oVoter1")).Errcode);

        Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(42001, (await UserInfoAsync(token.Str("access_token"), "oVoter1")).Errcode);
    }

    [Fact]
    public async Task SnsAuthConfirmsOnlyTheTokensOwnOpenId()
    {
        var token = (await SignedInTokenAsync("oVoter1")).Str("access_token");

        var valid = await GetAsync($"sns/auth?access_token={token}&openid=oVoter1");
        var invalid = await GetAsync($"sns/auth?access_token={token}&openid=oOther");

        Assert.Equal(0, valid.Json.GetProperty("errcode").GetInt32());
        Assert.Equal("ok", valid.Str("errmsg"));
        Assert.Equal(40003, invalid.Errcode);
        Assert.StartsWith("invalid openid, rid: ", invalid.Str("errmsg"));
    }

    [Fact]
    public async Task RefreshExtendsALiveTokenAndReplacesAnExpiredOne()
    {
        var token = await SignedInTokenAsync("oVoter1", scope: "snsapi_userinfo", snapshot: true);

        Clock.Advance(TimeSpan.FromHours(1));
        var extended = await RefreshAsync(token.Str("refresh_token"));
        Clock.Advance(TimeSpan.FromHours(2));
        var renewed = await RefreshAsync(token.Str("refresh_token"));

        Assert.Equal(token.Str("access_token"), extended.Str("access_token"));
        Assert.NotEqual(token.Str("access_token"), renewed.Str("access_token"));
        Assert.Equal(token.Str("refresh_token"), renewed.Str("refresh_token"));
        Assert.Equal("oVoter1", renewed.Str("openid"));
        Assert.Equal(7200, renewed.Json.GetProperty("expires_in").GetInt32());
        Assert.False(renewed.Has("unionid"));
        Assert.False(renewed.Has("is_snapshotuser"));
        Assert.Equal(0, (await GetAsync($"sns/auth?access_token={renewed.Str("access_token")}&openid=oVoter1")).Errcode);
    }

    [Fact]
    public async Task RefreshAnswers40030ForAnUnknownTokenAnd42002After30Days()
    {
        var token = await SignedInTokenAsync("oVoter1");
        Assert.Equal(40030, (await RefreshAsync("not-a-token")).Errcode);

        Clock.Advance(TimeSpan.FromDays(30));

        Assert.Equal(42002, (await RefreshAsync(token.Str("refresh_token"))).Errcode);
    }

    private Task<WireReply> UserInfoAsync(string accessToken, string openId) =>
        GetAsync($"sns/userinfo?access_token={accessToken}&openid={openId}&lang=zh_CN");

    private Task<WireReply> RefreshAsync(string refreshToken) =>
        GetAsync($"sns/oauth2/refresh_token?appid={AppId}&grant_type=refresh_token&refresh_token={refreshToken}");
}
