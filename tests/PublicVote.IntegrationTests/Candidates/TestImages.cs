using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

namespace PublicVote.IntegrationTests.Candidates;

/// <summary>Pictures for the photo tests: PNGs of random noise (incompressible, so bytes ≈ 3 × width × height), and JPEGs made from them by libvips.</summary>
public static class TestImages
{
    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c;
    }).ToArray();

    public static byte[] Png(int width, int height, int seed = 1)
    {
        var random = new Random(seed);
        var raw = new byte[height * ((width * 3) + 1)];
        random.NextBytes(raw);
        for (var y = 0; y < height; y++)
        {
            raw[y * ((width * 3) + 1)] = 0; // filter: none
        }
        return Encode(width, height, raw);
    }

    /// <summary>A PNG painted pixel by pixel (pictures that look like something in the browser tests' screenshots).</summary>
    public static byte[] Drawn(int width, int height, Func<int, int, (byte R, byte G, byte B)> pixel)
    {
        var stride = (width * 3) + 1;
        var raw = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                var at = (y * stride) + 1 + (x * 3);
                (raw[at], raw[at + 1], raw[at + 2]) = (r, g, b);
            }
        }
        return Encode(width, height, raw);
    }

    private static byte[] Encode(int width, int height, byte[] raw)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: RGB
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A PNG whose header is fine but whose pixel data is garbage: only decoding can tell.</summary>
    public static byte[] CorruptPng(int width, int height)
    {
        var png = Png(width, height);
        new Random(7).NextBytes(png.AsSpan(60, png.Length - 80));
        return png;
    }

    public static byte[] Jpeg(int width, int height, int seed = 1)
    {
        var folder = Directory.CreateTempSubdirectory("pv-img-").FullName;
        try
        {
            var input = Path.Combine(folder, "in.png");
            var output = Path.Combine(folder, "out.jpg");
            File.WriteAllBytes(input, Png(width, height, seed));
            using var vips = Process.Start(new ProcessStartInfo("vips") { ArgumentList = { "copy", input, output + "[Q=95]" }, RedirectStandardError = true })!;
            var stderr = vips.StandardError.ReadToEnd();
            vips.WaitForExit();
            Assert.True(vips.ExitCode == 0, "vips copy failed: " + stderr);
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(four, (uint)data.Length);
        png.Write(four);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(typed, 0);
        data.CopyTo(typed, 4);
        png.Write(typed);
        var crc = 0xFFFFFFFFu;
        foreach (var b in typed)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        BinaryPrimitives.WriteUInt32BigEndian(four, crc ^ 0xFFFFFFFFu);
        png.Write(four);
    }
}
