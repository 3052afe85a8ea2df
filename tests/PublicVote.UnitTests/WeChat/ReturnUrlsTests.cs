using PublicVote.Api.Features.WeChat;

namespace PublicVote.UnitTests.WeChat;

public sealed class ReturnUrlsTests
{
    private const string Ours = "https://vote.example.cn";

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/h5/campaigns/1?tab=person#c7", "/h5/campaigns/1?tab=person#c7")]
    [InlineData("https://vote.example.cn/h5/1?x=1", "/h5/1?x=1")]
    [InlineData("HTTPS://VOTE.EXAMPLE.CN/h5/1", "/h5/1")]
    public void PathsOnOurOriginAreKept(string returnUrl, string expected)
    {
        Assert.Equal(expected, ReturnUrls.Normalize(returnUrl, Ours));
    }

    [Theory]
    [InlineData("https://evil.example.cn/h5/1")]
    [InlineData("http://vote.example.cn/h5/1")]
    [InlineData("https://vote.example.cn:444/h5/1")]
    [InlineData("//evil.example.cn/h5")]
    [InlineData("/\\evil.example.cn/h5")]
    [InlineData("javascript:alert(1)")]
    [InlineData("h5/relative")]
    [InlineData("/h5/\r\nSet-Cookie:x=1")]
    [InlineData("")]
    public void EverythingElseIsRefused(string returnUrl)
    {
        Assert.Null(ReturnUrls.Normalize(returnUrl, Ours));
    }
}
