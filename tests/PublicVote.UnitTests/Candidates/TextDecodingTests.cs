using System.Text;
using PublicVote.Api.Features.Candidates.Import;

namespace PublicVote.UnitTests.Candidates;

public sealed class TextDecodingTests
{
    private const string Text = "编号,姓名/名称,类别\n001,荆门市政务服务中心,优质服务窗口\n";

    static TextDecodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Utf8WithOrWithoutAMarkAndGbkAllReadTheSame()
    {
        Assert.Equal((Text, "utf-8"), TextDecoding.Decode(Encoding.UTF8.GetBytes(Text)));
        Assert.Equal((Text, "utf-8"), TextDecoding.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Text)]));
        Assert.Equal((Text, "gb18030"), TextDecoding.Decode(Encoding.GetEncoding("GBK").GetBytes(Text)));
        Assert.Equal((Text, "utf-16le"), TextDecoding.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Text)]));
    }

    [Fact]
    public void AUtf8MarkOnInvalidUtf8IsAnError() =>
        Assert.Throws<ImportFileException>(() => TextDecoding.Decode([0xEF, 0xBB, 0xBF, .. Encoding.GetEncoding("GBK").GetBytes(Text)]));
}
