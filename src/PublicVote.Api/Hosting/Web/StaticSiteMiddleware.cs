using Microsoft.Net.Http.Headers;

namespace PublicVote.Api.Hosting.Web;

/// <summary>
/// Serves the in-memory site: fingerprinted URLs cached for a year (their content can never change), pages and plain
/// names revalidated every time (<c>no-cache</c> + ETag → 304), Brotli or gzip when the browser takes it.
/// Anything else falls through to the API's routes.
/// </summary>
public sealed class StaticSiteMiddleware(RequestDelegate next, AssetManifest site)
{
    public const string ImmutableCache = "public, max-age=31536000, immutable";
    public const string RevalidateCache = "no-cache";

    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !site.TryGet(request.Path.Value ?? "", out var asset))
        {
            return next(http);
        }
        var response = http.Response;
        var headers = response.Headers;
        headers.CacheControl = asset.Immutable ? ImmutableCache : RevalidateCache;
        headers.ETag = asset.ETag;
        if (asset.IsCompressed)
        {
            headers.Vary = HeaderNames.AcceptEncoding;
        }
        if (request.Headers.IfNoneMatch.Any(v => v is not null && (v == "*" || v.Contains(asset.ETag, StringComparison.Ordinal))))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        var (body, encoding) = Choose(asset, request.Headers.AcceptEncoding.ToString());
        response.ContentType = asset.ContentType;
        response.ContentLength = body.Length;
        if (encoding is not null)
        {
            headers.ContentEncoding = encoding;
        }
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    private static (byte[] Body, string? Encoding) Choose(StaticAsset asset, string acceptEncoding)
    {
        if (asset.Brotli is not null && Accepts(acceptEncoding, "br"))
        {
            return (asset.Brotli, "br");
        }
        return asset.Gzip is not null && Accepts(acceptEncoding, "gzip") ? (asset.Gzip, "gzip") : (asset.Body, null);
    }

    /// <summary>True when Accept-Encoding lists the coding without <c>q=0</c>.</summary>
    internal static bool Accepts(string acceptEncoding, string coding)
    {
        foreach (var part in acceptEncoding.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (!pieces[0].Equals(coding, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var q = pieces.Skip(1).FirstOrDefault(p => p.StartsWith("q=", StringComparison.OrdinalIgnoreCase));
            return q is null || !double.TryParse(q[2..], System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var weight) || weight > 0;
        }
        return false;
    }
}
