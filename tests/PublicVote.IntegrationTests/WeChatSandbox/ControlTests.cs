using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using PublicVote.WeChatSandbox;

namespace PublicVote.IntegrationTests.WeChatSandbox;

public sealed class ControlTests : SandboxTest
{
    [Fact]
    public async Task AnInjectedFaultAnswersForExactlyItsCountOfCalls()
    {
        var code = await SignInAsync("oVoter1");
        await Sandbox.InjectFaultAsync("/sns/oauth2/access_token", -1, count: 2);

        var first = await ExchangeAsync(code);
        var second = await ExchangeAsync(code);
        var third = await ExchangeAsync(code);

        Assert.Equal(-1, first.Errcode);
        Assert.StartsWith("system error, rid: ", first.Str("errmsg"));
        Assert.Equal("text/plain", first.ContentType);
        Assert.Equal(-1, second.Errcode);
        Assert.Equal("oVoter1", third.Str("openid"));
    }

    [Fact]
    public async Task FaultsForOnePathQueueInOrderAndLeaveOtherPathsAlone()
    {
        await Sandbox.InjectFaultAsync("/cgi-bin/token", 45011, count: 1);
        await Sandbox.InjectFaultAsync("/cgi-bin/token", 40164, count: 1);

        var stable = await StableTokenAsync();
        var minuteQuota = await ClassicTokenAsync();
        var whitelist = await ClassicTokenAsync();

        Assert.Equal(0, stable.Errcode);
        Assert.Equal(45011, minuteQuota.Errcode);
        Assert.StartsWith("api minute-quota reach limit", minuteQuota.Str("errmsg"));
        Assert.Equal("application/json; encoding=utf-8", minuteQuota.ContentType);
        Assert.Matches("^invalid ip 127\\.0\\.0\\.1 .*not in whitelist, rid: ", whitelist.Str("errmsg"));
        Assert.Equal(0, (await ClassicTokenAsync()).Errcode);
    }

    [Fact]
    public async Task AFaultWithErrcodeZeroOnlySlowsTheAnswer()
    {
        await Sandbox.InjectFaultAsync("/cgi-bin/token", 0, count: 1, delayMs: 300);

        var watch = Stopwatch.StartNew();
        var reply = await ClassicTokenAsync();

        Assert.True(watch.ElapsedMilliseconds >= 290, $"answered after {watch.ElapsedMilliseconds} ms");
        Assert.Equal(0, reply.Errcode);
        Assert.True(reply.Has("access_token"));
    }

    [Fact]
    public async Task StatsCountCallsPerPathAndResetClearsThemAndTheFaults()
    {
        await ClassicTokenAsync();
        await ClassicTokenAsync();
        await StableTokenAsync();
        await SignInAsync("oVoter1");
        await Sandbox.InjectFaultAsync("/cgi-bin/stable_token", -1, count: 5);

        var calls = await Sandbox.CallsAsync();
        await Sandbox.ResetAsync();

        Assert.Equal(2, calls["/cgi-bin/token"]);
        Assert.Equal(1, calls["/cgi-bin/stable_token"]);
        Assert.Equal(1, calls["/connect/oauth2/authorize"]);
        Assert.False(calls.ContainsKey("/sns/userinfo"));
        Assert.Empty(await Sandbox.CallsAsync());
        Assert.Equal(0, (await StableTokenAsync()).Errcode);
    }

    [Theory]
    [InlineData("{\"path\":\"/sns/unknown\",\"errcode\":-1,\"count\":1}", "path")]
    [InlineData("{\"path\":\"/cgi-bin/token\",\"errcode\":12345,\"count\":1}", "errcode")]
    [InlineData("{\"path\":\"/cgi-bin/token\",\"errcode\":-1,\"count\":0}", "count")]
    [InlineData("{\"path\":\"/cgi-bin/token\",\"errcode\":-1,\"delayMs\":-5}", "delayMs")]
    public async Task AnInvalidFaultIsRefusedNamingTheField(string body, string field)
    {
        var reply = await PostAsync("sandbox/faults", body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.True(reply.Json.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task TheRootPageSaysWhatThisIs()
    {
        var html = await Http.GetStringAsync("/");

        Assert.Contains("Never deployed", html);
        Assert.Contains(AppId, html);
    }

    [Fact]
    public async Task SandboxRefusesToStartWithoutAnAppSecret()
    {
        await using var app = SandboxApp.Create(["--urls=http://127.0.0.1:0"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Sandbox:AppSecret is required", error.Message);
    }

    [Fact]
    public void SandboxRefusesToListenBeyondLoopback()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SandboxApp.Create(["--urls=http://0.0.0.0:0", "--Sandbox:AppSecret=x"]));

        Assert.Contains("loopback only", error.Message);
    }

    [Fact]
    public async Task ControlIssuedCodesGenerateAnOpenIdWhenNoneIsGiven()
    {
        using var response = await Http.PostAsJsonAsync("sandbox/codes", new { });
        var issued = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();

        var token = await ExchangeAsync(issued!["code"]);

        Assert.Equal(issued["openid"], token.Str("openid"));
        Assert.Equal("snsapi_base", token.Str("scope"));
    }
}
