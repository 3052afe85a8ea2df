using Microsoft.AspNetCore.Http.HttpResults;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Media;

public sealed record StoredPhoto(string Sha256, string ThumbSha256, ProblemHttpResult? Problem);

/// <summary>Writes a checked picture and its thumbnail to the <see cref="MediaStore"/>; a picture without a thumbnail is not kept.</summary>
internal static class PhotoFiles
{
    public static async Task<StoredPhoto> StoreAsync(byte[] content, ImageInfo image, MediaStore store, Thumbnailer thumbnailer, CancellationToken cancellationToken)
    {
        var sha = MediaStore.Sha256Of(content);
        var extension = MediaUrls.Extension(image.ContentType);
        var original = store.NewTempPath(extension);
        var thumb = store.NewTempPath("jpg");
        try
        {
            await File.WriteAllBytesAsync(original, content, cancellationToken);
            var (outcome, detail) = await thumbnailer.MakeAsync(original, thumb, cancellationToken);
            if (outcome == ThumbnailOutcome.Undecodable)
            {
                return new(sha, "", Problems.Of(400, Problems.InvalidPhoto, "The picture could not be read.", $"Its header says {image.ContentType}, but {detail}."));
            }
            if (outcome != ThumbnailOutcome.Made || !File.Exists(thumb))
            {
                return new(sha, "", Problems.Of(503, Problems.ThumbnailerUnavailable, "Thumbnails cannot be made right now; the photo was not saved.", detail));
            }
            var thumbSha = MediaStore.Sha256Of(await File.ReadAllBytesAsync(thumb, cancellationToken));
            store.Keep(original, sha, extension);
            store.Keep(thumb, thumbSha, "jpg");
            return new(sha, thumbSha, null);
        }
        finally
        {
            File.Delete(original);
            File.Delete(thumb);
        }
    }
}
