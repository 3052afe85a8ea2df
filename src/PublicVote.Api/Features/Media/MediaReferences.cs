using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PublicVote.Api.Features.Media;

/// <summary>
/// Whether any photo row still references a content hash (as a photo or a thumbnail): <c>/media</c> serves nothing
/// else, so a deleted photo stops being served. Each answer is kept for <see cref="MediaOptions.ReferenceCacheTime"/>:
/// a popular photo costs one indexed PostgreSQL lookup per node per period, and memory holds only the photos asked
/// for (an in-memory set of every referenced hash would grow with every campaign ever run, and reload it all).
/// A photo change on this node forgets every answer at once; other nodes follow within the period. When PostgreSQL
/// cannot answer, the last answer stands for another period, so pages keep their pictures through an outage.
/// </summary>
public sealed partial class MediaReferences(NpgsqlDataSource db, IOptions<MediaOptions> options, TimeProvider time, ILogger<MediaReferences> logger)
{
    // Bounds memory against requests for many different stored files; the next request per photo asks again.
    private const int MaxAnswers = 100_000;

    private readonly ConcurrentDictionary<string, Answer> _answers = new(StringComparer.Ordinal);

    public async Task<bool> IsReferencedAsync(string sha256, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        var known = _answers.GetValueOrDefault(sha256);
        if (known is not null && time.GetElapsedTime(known.At, now) < options.Value.ReferenceCacheTime)
        {
            return known.Referenced;
        }
        bool referenced;
        try
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            referenced = (await ReferencedAsync(connection, [sha256])).Count > 0;
        }
        catch (NpgsqlException ex) when (known is not null)
        {
            LogLookupFailed(ex);
            referenced = known.Referenced;
        }
        if (_answers.Count >= MaxAnswers)
        {
            _answers.Clear();
        }
        _answers[sha256] = new Answer(referenced, now);
        return referenced;
    }

    /// <summary>After a photo change on this node. Changes are rare, so every answer goes: each photo is asked about again once.</summary>
    public void Forget() => _answers.Clear();

    /// <summary>Those of <paramref name="sha256s"/> that some photo row references, as the photo or as its thumbnail.</summary>
    public static async Task<HashSet<string>> ReferencedAsync(NpgsqlConnection connection, string[] sha256s) =>
        (await connection.QueryAsync<string>("""
            SELECT s FROM unnest(@sha256s) AS s
             WHERE EXISTS (SELECT 1 FROM candidate_photos WHERE sha256 = s)
                OR EXISTS (SELECT 1 FROM candidate_photos WHERE thumb_sha256 = s)
            """, new { sha256s })).ToHashSet(StringComparer.Ordinal);

    private sealed record Answer(bool Referenced, long At);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask PostgreSQL whether a media file is still referenced; the last answer stands")]
    private partial void LogLookupFailed(Exception exception);
}
