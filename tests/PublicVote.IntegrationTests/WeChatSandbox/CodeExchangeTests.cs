using System.Net;
using System.Text.Json;

namespace PublicVote.IntegrationTests.WeChatSandbox;

public sealed class CodeExchangeTests : SandboxTest
{
    [Fact]
    public async Task ExchangeAnswersTokenFieldsAsTextPlainWithoutSnapshotOrUnionIdForBaseScope()
    {
        var reply = await ExchangeAsync(await SignInAsync("oVoter1"));

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("text/plain", reply.ContentType);
        Assert.False(reply.Has("errcode"));
        Assert.Equal(7200, reply.Json.GetProperty("expires_in").GetInt32());
        Assert.Equal("oVoter1", reply.Str("openid"));
        Assert.Equal("snsapi_base", reply.Str("scope"));
        Assert.NotEmpty(reply.Str("access_token"));
        Assert.NotEmpty(reply.Str("refresh_token"));
        Assert.False(reply.Has("is_snapshotuser"));
        Assert.False(reply.Has("unionid"));
    }

    [Fact]
    public async Task SnapshotCodesCarryIsSnapshotUserAsTheNumberOne()
    {
        var reply = await ExchangeAsync(await SignInAsync("oVirtual", snapshot: true));

        var flag = reply.Json.GetProperty("is_snapshotuser");
        Assert.Equal(JsonValueKind.Number, flag.ValueKind);
        Assert.Equal(1, flag.GetInt32());
    }

    [Fact]
    public async Task UserInfoScopeCodesCarryAUnionIdThatStaysTheSamePerOpenId()
    {
        var first = await ExchangeAsync(await SignInAsync("oVoter1", scope: "snsapi_userinfo"));
        var second = await ExchangeAsync(await SignInAsync("oVoter1", scope: "snsapi_userinfo"));

        Assert.Matches("^o[A-Za-z0-9_-]{27}$", first.Str("unionid"));
        Assert.Equal(first.Str("unionid"), second.Str("unionid"));
        Assert.Equal("snsapi_userinfo", first.Str("scope"));
    }

    [Fact]
    public async Task SecondUseOfACodeAnswers40163()
    {
        var code = await SignInAsync("oVoter1");
        await ExchangeAsync(code);

        var second = await ExchangeAsync(code);

        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(40163, second.Errcode);
        Assert.StartsWith("code been used, rid: ", second.Str("errmsg"));
    }

    [Fact]
    public async Task CodeExpiresFiveMinutesAfterIssue()
    {
        var usedInTime = await SignInAsync("oVoter1");
        var tooLate = await SignInAsync("oVoter2");

        Clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(0, (await ExchangeAsync(usedInTime)).Errcode);
        Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(40029, (await ExchangeAsync(tooLate)).Errcode);
    }

    [Fact]
    public async Task ErrorsAreHttp200WithARequestIdSuffix()
    {
        var reply = await ExchangeAsync("no-such-code");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("text/plain", reply.ContentType);
        Assert.Equal(40029, reply.Errcode);
        Assert.Matches("^invalid code, rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$", reply.Str("errmsg"));
    }

    [Theory]
    [InlineData("wxffffffffffffffff", AppSecret, "C", "authorization_code", 40013)]
    [InlineData(AppId, "wrong-secret", "C", "authorization_code", 40125)]
    [InlineData(AppId, AppSecret, "", "authorization_code", 41008)]
    [InlineData(AppId, AppSecret, "C", "client_credential", 40002)]
    [InlineData(AppId, AppSecret, "C", "authorization_code", 40029)]
    public async Task BadExchangeArgumentsAnswerWeChatsErrcodes(string appId, string secret, string code, string grantType, int expected)
    {
        var reply = await ExchangeAsync(code, appId, secret, grantType);

        Assert.Equal(expected, reply.Errcode);
    }

    [Fact]
    public async Task ControlIssuedCodesExchangeLikeBrowserCodes()
    {
        var code = await Sandbox.IssueCodeAsync("oLoad1", snapshot: true, scope: "snsapi_userinfo");

        var reply = await ExchangeAsync(code);

        Assert.Equal("oLoad1", reply.Str("openid"));
        Assert.Equal(1, reply.Json.GetProperty("is_snapshotuser").GetInt32());
        Assert.True(reply.Has("unionid"));
    }
}

public sealed class ExpiredCode42003Tests : SandboxTest
{
    protected override (string Key, string Value)[] Settings => [("Sandbox:ExpiredCodeErrcode", "42003")];

    [Fact]
    public async Task ExpiredCodesCanAnswer42003Instead()
    {
        var code = await SignInAsync("oVoter1");
        Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(42003, (await ExchangeAsync(code)).Errcode);
    }
}
