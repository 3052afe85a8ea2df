using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Media;

/// <summary>
/// <c>GET /media/&lt;sha256&gt;.jpg|png</c>: photos and thumbnails by content hash, while a photo row references them
/// (<see cref="MediaReferences"/>). A name never changes content, so caches need not ask again within
/// <see cref="MediaOptions.CacheMaxAge"/>; that is also how long a deleted photo may live on in them.
/// </summary>
public static class MediaApi
{
    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app)
    {
        app.MapGet(MediaUrls.Prefix + "{file}", GetAsync).WithTags("Media");
        return app;
    }

    private static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetAsync(
        string file, HttpContext http, MediaStore store, MediaReferences references, IOptions<MediaOptions> options)
    {
        var dot = file.IndexOf('.', StringComparison.Ordinal);
        var (sha, extension) = dot < 0 ? (file, "") : (file[..dot], file[(dot + 1)..]);
        var contentType = extension switch { "jpg" => "image/jpeg", "png" => "image/png", _ => null };
        var path = contentType is not null && MediaStore.IsSha256(sha) ? store.PathOf(sha, extension) : null;
        if (path is null || !File.Exists(path) || !await references.IsReferencedAsync(sha, http.RequestAborted))
        {
            return Problems.Of(404, Problems.NotFound, "No such media file.");
        }
        http.Response.Headers.CacheControl = string.Create(CultureInfo.InvariantCulture,
            $"public, max-age={(long)options.Value.CacheMaxAge.TotalSeconds}, immutable");
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.PhysicalFile(path, contentType, entityTag: new EntityTagHeaderValue($"\"{sha}\""));
    }
}
