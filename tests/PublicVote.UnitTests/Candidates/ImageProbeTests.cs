using System.Text;
using PublicVote.Api.Features.Media;

namespace PublicVote.UnitTests.Candidates;

public sealed class ImageProbeTests
{
    [Fact]
    public void AJpegIsToldByItsSignatureAndSizedByItsFrameHeader()
    {
        byte[] jpeg =
        [
            0xFF, 0xD8, // SOI
            0xFF, 0xE0, 0x00, 0x06, (byte)'J', (byte)'F', (byte)'I', (byte)'F', // APP0, 4 bytes of payload
            0xFF, 0xFF, // a fill byte before the next marker
            0xFF, 0xC2, 0x00, 0x0B, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, // SOF2: 8 bit, 480 high, 640 wide
            0xFF, 0xDA,
        ];
        Assert.Equal(new ImageInfo("image/jpeg", 640, 480), ImageProbe.Probe(jpeg, out _));
    }

    [Fact]
    public void APngIsSizedByItsIhdr()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
            0, 0, 0x03, 0x20, 0, 0, 0x02, 0x58, 8, 2, 0, 0, 0];
        Assert.Equal(new ImageInfo("image/png", 800, 600), ImageProbe.Probe(png, out _));
    }

    [Theory]
    [InlineData("This is a text file renamed photo.jpg")]
    [InlineData("GIF89a....")]
    [InlineData("")]
    public void AnythingElseIsRefusedWithAReason(string content)
    {
        Assert.Null(ImageProbe.Probe(Encoding.UTF8.GetBytes(content), out var reason));
        Assert.Contains("neither a JPEG nor a PNG", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AJpegWithoutAFrameHeaderOrAPngWithAZeroSizeIsRefused()
    {
        Assert.Null(ImageProbe.Probe([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x00, 0x00], out var noFrame));
        Assert.Contains("SOF", noFrame, StringComparison.Ordinal);
        Assert.Null(ImageProbe.Probe([0xFF, 0xD8, 0xFF, 0xE0, 0x7F, 0xFF, 0, 0], out _)); // a segment longer than the file
        byte[] zero = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 0, 0, 0, 0, 0, 1, 8, 2, 0, 0, 0];
        Assert.Null(ImageProbe.Probe(zero, out var size));
        Assert.Contains("0×1", size, StringComparison.Ordinal);
    }
}
