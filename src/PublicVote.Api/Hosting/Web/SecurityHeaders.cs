using Microsoft.Extensions.Options;

namespace PublicVote.Api.Hosting.Web;

/// <summary>
/// Headers every response carries: no MIME sniffing (a JSON answer is never run as a script), a referrer that does not
/// leak our paths to other sites, and for everything outside <c>/api</c> (pages, assets, media) a Content-Security-Policy
/// that allows only our origin and WeChat's JS-SDK host: no inline script, no eval, nothing framed, no plugins.
/// The API's JSON skips the CSP: it is never rendered, and the bytes would be sent with every vote.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<WebOptions> options)
{
    private readonly string _policy = PolicyFor(options.Value);

    public Task InvokeAsync(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        if (!http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            headers.ContentSecurityPolicy = _policy;
        }
        return next(http);
    }

    public static string PolicyFor(WebOptions web) => string.Join("; ",
        "default-src 'self'",
        Join("script-src 'self'", web.ScriptSources),
        "style-src 'self'",
        // data: and blob: for the share poster drawn on a canvas and shown as an image to long-press and save.
        Join("img-src 'self' data: blob:", web.ImageSources),
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'");

    private static string Join(string directive, string[] sources) =>
        sources.Length == 0 ? directive : directive + " " + string.Join(' ', sources);
}
