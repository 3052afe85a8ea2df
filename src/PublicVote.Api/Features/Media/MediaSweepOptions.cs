using System.ComponentModel.DataAnnotations;

namespace PublicVote.Api.Features.Media;

/// <summary>The sweep that removes media files no photo row references any more (<see cref="MediaSweeper"/>).</summary>
public sealed class MediaSweepOptions
{
    public const string Section = "Media:Sweep";

    /// <summary>Run the sweep on this node (any number of nodes may: a file another node removed is skipped).</summary>
    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Files written (or stored again by an upload of the same content) more recently are kept: an upload stores its
    /// files before its row is committed, and a thumbnail may take <see cref="MediaOptions.ThumbnailTimeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromHours(1);
}
