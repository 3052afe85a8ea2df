using Dapper;
using Npgsql;

namespace PublicVote.Api.Features.Media;

/// <summary>candidate_photos rows; positions stay 0..n-1 in display order.</summary>
internal static class PhotoRows
{
    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long candidateId, int position,
        StoredPhoto photo, ImageInfo image, int bytes) =>
        connection.ExecuteAsync("""
            INSERT INTO candidate_photos (candidate_id, position, sha256, content_type, bytes, width, height, thumb_sha256)
            VALUES (@candidateId, @position, @Sha256, @ContentType, @bytes, @Width, @Height, @ThumbSha256)
            """, new { candidateId, position, photo.Sha256, image.ContentType, bytes, image.Width, image.Height, photo.ThumbSha256 }, transaction);

    public static async Task DeleteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long candidateId, string sha256, string[] remaining)
    {
        await connection.ExecuteAsync("DELETE FROM candidate_photos WHERE candidate_id = @candidateId AND sha256 = @sha256",
            new { candidateId, sha256 }, transaction);
        await RewritePositionsAsync(connection, transaction, candidateId, remaining);
    }

    /// <summary>Sets positions to the order given (every photo of the candidate, by sha256).</summary>
    public static async Task RewritePositionsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long candidateId, string[] order)
    {
        // Two steps: the primary key (candidate_id, position) is checked row by row, so positions are first moved out of the way.
        await connection.ExecuteAsync("UPDATE candidate_photos SET position = position + 1000000 WHERE candidate_id = @candidateId",
            new { candidateId }, transaction);
        await connection.ExecuteAsync("""
            UPDATE candidate_photos p SET position = o.n - 1
              FROM unnest(@order) WITH ORDINALITY AS o(sha256, n)
             WHERE p.candidate_id = @candidateId AND p.sha256 = o.sha256
            """, new { candidateId, order }, transaction);
    }
}
