using Microsoft.Extensions.Options;
using Npgsql;

namespace PublicVote.Api.Features.Media;

/// <param name="Checked">Stored files older than the grace period, looked up in PostgreSQL.</param>
/// <param name="Removed">Of those, the ones no photo row references, removed.</param>
/// <param name="TemporaryRemoved">Temporary files older than the grace period (uploads cut short), removed.</param>
public sealed record MediaSweepReport(int Checked, int Removed, int TemporaryRemoved);

/// <summary>
/// Removes media files (photos and thumbnails alike) that no photo row references, once stored longer ago than
/// <see cref="MediaSweepOptions.GracePeriod"/>: an upload's files exist before its row does. Content shared by several
/// rows stays until the last one goes.
/// </summary>
public sealed partial class MediaSweeper(
    MediaStore store, NpgsqlDataSource db, IOptions<MediaSweepOptions> options, TimeProvider time, ILogger<MediaSweeper> logger)
{
    private const int LookupBatch = 1000;

    public async Task<MediaSweepReport> SweepAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.GracePeriod;
        int checkedFiles = 0, removed = 0;
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        foreach (var batch in store.StoredFiles().Where(f => f.WrittenAtUtc < cutoff).Chunk(LookupBatch))
        {
            var referenced = await MediaReferences.ReferencedAsync(connection, batch.Select(f => f.Sha256).ToArray());
            checkedFiles += batch.Length;
            foreach (var file in batch.Where(f => !referenced.Contains(f.Sha256)))
            {
                removed += store.RemoveUnlessRenewed(file, cutoff) ? 1 : 0;
            }
        }
        var report = new MediaSweepReport(checkedFiles, removed, store.RemoveTemporaryFilesBefore(cutoff));
        LogSwept(report.Removed, report.TemporaryRemoved, report.Checked);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Media sweep removed {Removed} unreferenced files and {TemporaryRemoved} stale temporary files ({Checked} past the grace period checked)")]
    private partial void LogSwept(int removed, int temporaryRemoved, int @checked);
}
