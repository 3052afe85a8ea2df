using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.Media;

/// <summary>A stored content-addressed file as the sweep sees it.</summary>
public sealed record StoredMediaFile(string Sha256, string Path, DateTime WrittenAtUtc);

/// <summary>
/// Content-addressed files: <c>&lt;root&gt;/&lt;first two hex&gt;/&lt;sha256&gt;.&lt;ext&gt;</c>, written once (to a temporary
/// name, then moved into place) and never changed, so they can be served as immutable. The same content uploaded
/// twice is stored once. A file's write time is when it was last stored (by the <see cref="TimeProvider"/>): the
/// sweep keeps files stored within its grace period.
/// </summary>
public sealed class MediaStore(IOptions<MediaOptions> options, IHostEnvironment environment, TimeProvider time)
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

    private string TempFolder => Path.Combine(Root, "tmp");

    /// <summary>A fresh file name in the store's own temporary folder (same file system, so the final move is atomic).</summary>
    public string NewTempPath(string extension)
    {
        Directory.CreateDirectory(TempFolder);
        return Path.Combine(TempFolder, Guid.NewGuid().ToString("N") + "." + extension);
    }

    /// <summary>
    /// Moves a finished temporary file to its content address; if that content is already stored, drops the temporary
    /// file and renews the stored one's write time instead, so the sweep leaves it to the row about to reference it.
    /// </summary>
    public void Keep(string tempPath, string sha256, string extension)
    {
        var path = PathOf(sha256, extension);
        var now = time.GetUtcNow().UtcDateTime;
        // Renewing is the existence check too: a file the sweep has just moved aside fails it and is stored anew.
        if (TryRenew(path, now))
        {
            File.Delete(tempPath);
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.SetLastWriteTimeUtc(tempPath, now);
        try
        {
            File.Move(tempPath, path);
        }
        catch (IOException) when (TryRenew(path, now))
        {
            File.Delete(tempPath); // a concurrent upload of the same content won the move
        }
    }

    /// <summary>Every content-addressed file (not the temporary folder).</summary>
    public IEnumerable<StoredMediaFile> StoredFiles()
    {
        var root = new DirectoryInfo(Root);
        if (!root.Exists)
        {
            yield break;
        }
        foreach (var folder in root.EnumerateDirectories("??"))
        {
            foreach (var file in folder.EnumerateFiles("*.*"))
            {
                var sha = Path.GetFileNameWithoutExtension(file.Name);
                if (IsSha256(sha) && sha.StartsWith(folder.Name, StringComparison.Ordinal))
                {
                    yield return new StoredMediaFile(sha, file.FullName, file.LastWriteTimeUtc);
                }
            }
        }
    }

    /// <summary>
    /// Removes a stored file unless it was stored again at or after <paramref name="cutoffUtc"/>. It is moved aside first,
    /// then its write time read: an upload that renewed it before the move is seen (and the file put back), and one
    /// after the move finds no file and stores its own (<see cref="Keep"/>).
    /// </summary>
    public bool RemoveUnlessRenewed(StoredMediaFile file, DateTime cutoffUtc)
    {
        var aside = NewTempPath("swept");
        try
        {
            File.Move(file.Path, aside);
        }
        catch (FileNotFoundException)
        {
            return false; // another node's sweep took it
        }
        if (File.GetLastWriteTimeUtc(aside) >= cutoffUtc)
        {
            try
            {
                File.Move(aside, file.Path);
            }
            catch (IOException) when (File.Exists(file.Path))
            {
                File.Delete(aside); // an upload has stored it again meanwhile
            }
            return false;
        }
        File.Delete(aside);
        return true;
    }

    /// <summary>Removes temporary files older than <paramref name="cutoffUtc"/>: uploads or sweeps cut short by a crash.</summary>
    public int RemoveTemporaryFilesBefore(DateTime cutoffUtc)
    {
        var folder = new DirectoryInfo(TempFolder);
        if (!folder.Exists)
        {
            return 0;
        }
        var removed = 0;
        foreach (var file in folder.EnumerateFiles().Where(f => f.LastWriteTimeUtc < cutoffUtc))
        {
            file.Delete();
            removed++;
        }
        return removed;
    }

    private static bool TryRenew(string path, DateTime nowUtc)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, nowUtc);
            return true;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }
}
