using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Media;

/// <summary>
/// <c>GET /media/&lt;sha256&gt;.jpg|png</c>: photos and thumbnails by content hash. A name never changes content, so
/// browsers and CDNs may keep them for a year without asking again.
/// </summary>
public static class MediaApi
{
    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet(MediaUrls.Prefix + "{file}", Get).WithTags("Media");
        return app;
    }

    private static Results<PhysicalFileHttpResult, ProblemHttpResult> Get(string file, HttpContext http, MediaStore store)
    {
        var dot = file.IndexOf('.', StringComparison.Ordinal);
        var (sha, extension) = dot < 0 ? (file, "") : (file[..dot], file[(dot + 1)..]);
        var contentType = extension switch { "jpg" => "image/jpeg", "png" => "image/png", _ => null };
        var path = contentType is not null && MediaStore.IsSha256(sha) ? store.PathOf(sha, extension) : null;
        if (path is null || !File.Exists(path))
        {
            return Problems.Of(404, Problems.NotFound, "No such media file.");
        }
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.PhysicalFile(path, contentType, entityTag: new EntityTagHeaderValue($"\"{sha}\""));
    }
}
