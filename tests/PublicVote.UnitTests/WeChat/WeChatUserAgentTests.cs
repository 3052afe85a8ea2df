using PublicVote.Api.Features.WeChat;

namespace PublicVote.UnitTests.WeChat;

public sealed class WeChatUserAgentTests
{
    [Fact]
    public void AndroidWeChatIsDetectedWithItsVersion()
    {
        var ua = WeChatUserAgent.Parse("Mozilla/5.0 (Linux; Android 13; PHF110 Build/RKQ1.211119.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160117 MMWEBSDK/20231202 MMWEBID/4213 MicroMessenger/8.0.46.2540(0x28002E3C) WeChat/arm64 Weixin NetType/5G Language/zh_CN ABI/arm64");
        Assert.True(ua.InWeChat);
        Assert.Equal("8.0.46", ua.Version);
        Assert.False(ua.WeCom);
    }

    [Fact]
    public void IosWeChatIsDetected()
    {
        var ua = WeChatUserAgent.Parse("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003135) NetType/WIFI Language/zh_CN");
        Assert.Equal(new WeChatUserAgent(true, "8.0.49", false, false, false), ua);
    }

    [Fact]
    public void WeComSaysMicroMessengerButIsNotWeChat()
    {
        var ua = WeChatUserAgent.Parse("Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.39 MicroMessenger/7.0.1 Language/zh ColorScheme/Light wwmver/3.26.38.377");
        Assert.False(ua.InWeChat);
        Assert.True(ua.WeCom);
    }

    [Fact]
    public void DesktopWeChatIsMarkedDesktop()
    {
        var ua = WeChatUserAgent.Parse("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090c33) XWEB/14315");
        Assert.True(ua.InWeChat);
        Assert.True(ua.Desktop);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36")]
    public void OtherBrowsersAreNotWeChat(string? userAgent)
    {
        Assert.False(WeChatUserAgent.Parse(userAgent).InWeChat);
    }
}
