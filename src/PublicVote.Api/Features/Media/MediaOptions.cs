using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.Media;

/// <summary>Where candidate photos and thumbnails live and how thumbnails are made (docs/configuration.md, docs/candidates.md).</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    /// <summary>
    /// The folder of the content-addressed files, shared by every node (e.g. an NFS mount). Empty: <c>$PV_DATA_DIR/media</c>
    /// when that variable is set (infra scripts), else <c>.data/media</c> under the content root.
    /// </summary>
    public string Root { get; set; } = "";

    /// <summary>The libvips command-line tool (Debian package libvips-tools), run as <c>vips thumbnail ...</c>.</summary>
    [Required]
    public string Vips { get; set; } = "vips";

    [Range(64, 2048)]
    public int ThumbnailWidth { get; set; } = 320;

    [Range(1, 100)]
    public int ThumbnailQuality { get; set; } = 82;

    /// <summary>A thumbnailer still running after this is killed and the upload fails.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ThumbnailTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Thumbnailers running at once on this node (each is a process).</summary>
    [Range(1, 64)]
    public int MaxConcurrentThumbnails { get; set; } = 2;

    /// <summary>The largest upload (a photo, an import file); a campaign's own photo limit applies within it.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public int MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Pictures larger than this many pixels are refused before decoding (decompression bombs).</summary>
    [Range(1_000_000, 500_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Photos per candidate when the campaign names no maximum.</summary>
    [Range(1, 100)]
    public int DefaultPhotosMax { get; set; } = 10;

    /// <summary>
    /// How long browsers and CDNs may keep a photo without asking again (<c>Cache-Control: max-age</c>). A name never
    /// changes content, but a deleted photo must stop being shown: it may live on in caches this long after deletion.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan CacheMaxAge { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a node trusts its answer to "does a photo row still reference this file?" (<see cref="MediaReferences"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ReferenceCacheTime { get; set; } = TimeSpan.FromSeconds(30);
}
