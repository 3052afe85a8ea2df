using System.Net;
using PublicVote.IntegrationTests.Infrastructure;

namespace PublicVote.IntegrationTests.WeChat;

public sealed class WeChatNotConfiguredTests(PublicVoteFactory factory) : IClassFixture<PublicVoteFactory>
{
    [Theory]
    [InlineData("/api/v1/wechat/authorize?campaignId=1")]
    [InlineData("/api/v1/wechat/callback?code=a&state=b")]
    [InlineData("/api/v1/wechat/jssdk-config?url=http%3A%2F%2F127.0.0.1%2F")]
    public async Task WithoutWeChatSettingsEveryWeChatRouteSaysSo(string url)
    {
        using var client = factory.CreateClient();
        await ProblemAssert.IsProblemAsync(await client.GetAsync(url), HttpStatusCode.ServiceUnavailable, "wechat-not-configured");
    }

    [Fact]
    public async Task TheEnvironmentRouteReportsWeChatFromTheUserAgentForDisplay()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/wechat/environment");
        request.Headers.TryAddWithoutValidation("User-Agent",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003135) NetType/WIFI Language/zh_CN");
        var body = await ProblemAssert.IsOkAsync<System.Text.Json.JsonElement>(await client.SendAsync(request));
        Assert.True(body.GetProperty("inWeChat").GetBoolean());
        Assert.Equal("8.0.49", body.GetProperty("version").GetString());
    }
}
