using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PublicVote.Api.Features.WeChat;
using PublicVote.Api.Hosting;
using QRCoder;

namespace PublicVote.Api.Features.Share;

/// <summary>
/// QR codes of our own H5 links: the candidate's share poster and the "open this in WeChat" page. Only paths under
/// <c>/h5/</c> are encoded, on the configured public origin, so nobody can make us serve a QR to another site.
/// </summary>
public static class ShareApi
{
    private const int MaxPathLength = 300;

    public static RouteGroupBuilder MapShare(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/share").WithTags("Share");
        group.MapGet("/qr", GetQr);
        return group;
    }

    private static Results<FileContentHttpResult, ProblemHttpResult> GetQr(
        string? path, HttpContext http, IOptions<WeChatOptions> wechat)
    {
        if (path is null || path.Length > MaxPathLength || !path.StartsWith("/h5/", StringComparison.Ordinal)
            || path.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || path.Contains("//", StringComparison.Ordinal)
            || path.Contains('\\', StringComparison.Ordinal))
        {
            return Problems.Of(400, Problems.InvalidRequest, "path must be a page of this site under /h5/.",
                $"Pass the page's path and query (at most {MaxPathLength} characters), e.g. /h5/candidate.html?c=1&id=2.");
        }
        var origin = wechat.Value.PublicBaseUrl.TrimEnd('/');
        // Without a configured origin (development) the request's own host is used, which the client chose: keep
        // such an answer out of shared caches.
        var shared = origin.Length > 0;
        if (!shared)
        {
            origin = $"{http.Request.Scheme}://{http.Request.Host}";
        }
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(origin + path, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(8);
        http.Response.Headers.CacheControl = shared ? "public, max-age=86400" : "private, max-age=3600";
        return TypedResults.File(png, "image/png");
    }
}
