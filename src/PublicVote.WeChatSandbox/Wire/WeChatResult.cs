using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace PublicVote.WeChatSandbox.Wire;

/// <summary>
/// A WeChat API answer: always HTTP 200, errors as <c>{"errcode","errmsg"}</c> with a <c>rid</c> suffix, and the
/// content type WeChat uses for the path (text/plain for /sns/*).
/// </summary>
public sealed class WeChatResult : IResult
{
    // Raw UTF-8 like WeChat (nicknames are Chinese); the body is never embedded in HTML.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private readonly JsonObject? _body;
    private readonly int _errcode;

    private WeChatResult(JsonObject? body, int errcode)
    {
        _body = body;
        _errcode = errcode;
    }

    public static WeChatResult Ok(JsonObject body) => new(body, 0);

    /// <summary>The <c>{"errcode":0,"errmsg":"ok"}</c> success some endpoints send, plus extra fields.</summary>
    public static WeChatResult OkWithCode(JsonObject? fields = null)
    {
        var body = new JsonObject { ["errcode"] = 0, ["errmsg"] = "ok" };
        foreach (var (name, value) in fields ?? [])
        {
            body[name] = value?.DeepClone();
        }
        return new(body, 0);
    }

    public static WeChatResult Error(int errcode) => new(null, errcode);

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var body = _body ?? ErrorBody(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = WeChatPaths.ContentTypeFor(WeChatPaths.Canonical(httpContext.Request.Path) ?? "");
        return response.WriteAsync(body.ToJsonString(Json), Encoding.UTF8, httpContext.RequestAborted);
    }

    private JsonObject ErrorBody(HttpContext httpContext)
    {
        var time = httpContext.RequestServices.GetRequiredService<TimeProvider>();
        var ip = httpContext.Connection.RemoteIpAddress?.MapToIPv4().ToString() ?? "127.0.0.1";
        return new JsonObject
        {
            ["errcode"] = _errcode,
            ["errmsg"] = $"{WeChatErrors.MessageFor(_errcode, ip)}, rid: {SandboxIds.Rid(time)}",
        };
    }
}
