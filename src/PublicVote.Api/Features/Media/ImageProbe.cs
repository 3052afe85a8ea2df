using System.Buffers.Binary;

namespace PublicVote.Api.Features.Media;

public sealed record ImageInfo(string ContentType, int Width, int Height);

/// <summary>
/// Tells a JPEG or PNG by its content, never by its name: the signature, then the frame header that holds the size
/// (JPEG SOFn, PNG IHDR). Anything else — a text file renamed .jpg, a GIF, a truncated header — is refused.
/// Decoding the pixels is left to the thumbnailer, which fails on a corrupt body.
/// </summary>
public static class ImageProbe
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static ImageInfo? Probe(ReadOnlySpan<byte> data, out string reason)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return Jpeg(data, out reason);
        }
        if (data.StartsWith(PngSignature))
        {
            return Png(data, out reason);
        }
        reason = "the file is neither a JPEG nor a PNG (its content, not its name, decides)";
        return null;
    }

    private static ImageInfo? Png(ReadOnlySpan<byte> data, out string reason)
    {
        // The first chunk must be IHDR, 13 bytes: width, height (big-endian), then depth, colour type, ...
        if (data.Length < 8 + 8 + 13 || BinaryPrimitives.ReadUInt32BigEndian(data[8..]) != 13 || !data[12..16].SequenceEqual("IHDR"u8))
        {
            reason = "the PNG has no valid IHDR header";
            return null;
        }
        return Sized("image/png", BinaryPrimitives.ReadUInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt32BigEndian(data[20..]), out reason);
    }

    private static ImageInfo? Jpeg(ReadOnlySpan<byte> data, out string reason)
    {
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                break;
            }
            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++; // fill byte
                continue;
            }
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                i += 2; // markers without a length
                continue;
            }
            if (marker is 0xD9 or 0xDA)
            {
                break; // end of image, or scan data before any frame header
            }
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
            if (length < 2 || i + 2 + length > data.Length)
            {
                break;
            }
            // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 8)
                {
                    break;
                }
                var height = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]);
                return Sized("image/jpeg", width, height, out reason);
            }
            i += 2 + length;
        }
        reason = "the JPEG has no readable frame header (SOF)";
        return null;
    }

    private static ImageInfo? Sized(string contentType, uint width, uint height, out string reason)
    {
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
        {
            reason = $"the picture's size {width}×{height} is not valid";
            return null;
        }
        reason = "";
        return new ImageInfo(contentType, (int)width, (int)height);
    }
}
