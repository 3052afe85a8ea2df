using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.Media;

/// <summary>
/// Content-addressed files: <c>&lt;root&gt;/&lt;first two hex&gt;/&lt;sha256&gt;.&lt;ext&gt;</c>, written once (to a temporary
/// name, then moved into place) and never changed, so they can be served as immutable. The same content uploaded
/// twice is stored once.
/// </summary>
public sealed class MediaStore(IOptions<MediaOptions> options, IHostEnvironment environment)
{
    public string Root { get; } = ResolveRoot(options.Value.Root, environment.ContentRootPath);

    public static string ResolveRoot(string configured, string contentRoot)
    {
        if (configured.Length > 0)
        {
            return Path.GetFullPath(configured, contentRoot);
        }
        return Environment.GetEnvironmentVariable("PV_DATA_DIR") is { Length: > 0 } dataDir
            ? Path.Combine(dataDir, "media")
            : Path.Combine(contentRoot, ".data", "media");
    }

    public static string Sha256Of(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content));

    public static bool IsSha256(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigitLower);

    public string PathOf(string sha256, string extension) => Path.Combine(Root, sha256[..2], sha256 + "." + extension);

    /// <summary>A fresh file name in the store's own temporary folder (same file system, so the final move is atomic).</summary>
    public string NewTempPath(string extension)
    {
        var folder = Path.Combine(Root, "tmp");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N") + "." + extension);
    }

    /// <summary>Moves a finished temporary file to its content address (or drops it if that content is already stored).</summary>
    public void Keep(string tempPath, string sha256, string extension)
    {
        var path = PathOf(sha256, extension);
        if (File.Exists(path))
        {
            File.Delete(tempPath);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            File.Move(tempPath, path);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(tempPath); // a concurrent upload of the same content won the move
        }
    }
}
