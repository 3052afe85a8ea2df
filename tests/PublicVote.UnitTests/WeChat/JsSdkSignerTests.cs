using PublicVote.Api.Features.WeChat;

namespace PublicVote.UnitTests.WeChat;

public sealed class JsSdkSignerTests
{
    private const string Ticket = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";

    [Fact]
    public void ThePublishedTestVectorIsReproducedExactly()
    {
        Assert.Equal("0f9de62fce790f9a083d5c99e95740ceb90c27ed",
            JsSdkSigner.Sign(Ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com?params=value"));
    }

    [Fact]
    public void TheOlderVectorWithoutQueryIsReproducedToo()
    {
        Assert.Equal("f4d90daf4b3bca3078ab155816175ba34c443a7b",
            JsSdkSigner.Sign(Ticket, "Wm3WZYTPz0wzccnW", 1414587457, "http://mp.weixin.qq.com"));
    }

    [Fact]
    public void TheFragmentIsNotSigned()
    {
        Assert.Equal(
            JsSdkSigner.Sign(Ticket, "n", 1, "http://mp.weixin.qq.com?params=value"),
            JsSdkSigner.Sign(Ticket, "n", 1, "http://mp.weixin.qq.com?params=value#/candidates/7"));
    }

    [Theory]
    [InlineData("https://vote.example.cn/h5/1?from=groupmessage", true)]
    [InlineData("https://VOTE.example.cn/h5/1#x", true)]
    [InlineData("https://vote.example.cn:8443/h5/1", false)]
    [InlineData("https://evil.example.cn/h5/1", false)]
    [InlineData("https://vote.example.cn.evil.cn/h5/1", false)]
    [InlineData("https://user@vote.example.cn/h5/1", false)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("/h5/1", false)]
    [InlineData("", false)]
    [InlineData("http://127.0.0.1:5080/h5/1", true)]
    [InlineData("http://127.0.0.1/h5/1", false)]
    [InlineData("https://wx.example.cn/mp/page", true)]
    [InlineData("https://wx.example.cn/other", false)]
    public void OnlyPagesOnTheConfiguredDomainsAreSigned(string url, bool allowed)
    {
        Assert.Equal(allowed, JsSdkPages.IsAllowed(url, ["vote.example.cn", "127.0.0.1:5080", "wx.example.cn/mp"]));
    }
}
