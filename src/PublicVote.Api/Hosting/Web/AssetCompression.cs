using System.IO.Compression;

namespace PublicVote.Api.Hosting.Web;

/// <summary>Compresses text assets once, at startup, at the highest levels (the cost is paid once, not per request).</summary>
internal static class AssetCompression
{
    private const int MinimumBytes = 256;

    private static readonly HashSet<string> Compressible = new(StringComparer.OrdinalIgnoreCase)
    {
        ".html", ".js", ".mjs", ".css", ".svg", ".json", ".txt", ".xml", ".map", ".ico", ".webmanifest",
    };

    public static (byte[]? Brotli, byte[]? Gzip) Compress(string path, byte[] body)
    {
        if (body.Length < MinimumBytes || !Compressible.Contains(Path.GetExtension(path)))
        {
            return (null, null);
        }
        return (SmallerOrNull(body, Brotli(body)), SmallerOrNull(body, Gzip(body)));
    }

    private static byte[] Brotli(byte[] body)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            brotli.Write(body);
        }
        return output.ToArray();
    }

    private static byte[] Gzip(byte[] body)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(body);
        }
        return output.ToArray();
    }

    // A variant that saves less than 5% is not worth the Vary and the decode on a phone.
    private static byte[]? SmallerOrNull(byte[] body, byte[] compressed) =>
        compressed.Length < body.Length * 0.95 ? compressed : null;
}
