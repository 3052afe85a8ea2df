using System.Net;
using System.Text;

namespace PublicVote.WeChatSandbox.Wire;

/// <summary>A small self-contained HTML page: Chinese, phone-sized, inline CSS, no script.</summary>
public sealed class HtmlPage(string title, string body, int status = StatusCodes.Status200OK, int? errorCode = null) : IResult
{
    /// <summary>Lets browser tests and scripts read an error page's code without parsing it.</summary>
    public const string ErrorHeader = "X-Sandbox-Error";

    private const string Style = """
        body{font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#ededed;color:#111}
        main{max-width:28rem;margin:0 auto;padding:1.5rem 1rem;background:#fff;min-height:100vh;box-sizing:border-box}
        h1{font-size:1.2rem}.note{color:#b45309;font-size:.85rem}.err{color:#c00}
        label{display:block;margin:.9rem 0 .3rem}input[type=text]{width:100%;padding:.6rem;font:1rem monospace;box-sizing:border-box}
        .check{display:flex;gap:.5rem;align-items:center}
        button{display:block;width:100%;margin-top:.8rem;padding:.8rem;font-size:1rem;border:0;border-radius:.3rem;background:#07c160;color:#fff}
        button.secondary{background:#f2f2f2;color:#111}
        """;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        if (errorCode is { } code)
        {
            response.Headers[ErrorHeader] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var html = $"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>{WebUtility.HtmlEncode(title)}</title><style>{Style}</style></head><body><main>{body}</main></body></html>";
        return response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted);
    }
}
