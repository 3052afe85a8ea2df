using System.Net;
using System.Text;
using PublicVote.WeChatSandbox.Wire;

namespace PublicVote.WeChatSandbox.OAuth;

/// <summary>The sandbox's consent and error pages: Chinese, phone-sized, no script.</summary>
public static class AuthorizePage
{
    public static IResult Consent(AuthorizeRequest request, string openId, string? error = null)
    {
        var host = new Uri(request.RedirectUri).Host;
        var wants = request.Scope == Scopes.UserInfo ? "你的昵称、头像（snsapi_userinfo）" : "你的身份标识 openid（snsapi_base，静默授权）";
        var html = new StringBuilder()
            .Append("<h1>微信网页授权</h1>")
            .Append("<p class=\"note\">这是本地开发用的模拟微信（WeChat sandbox），不是真正的微信。</p>")
            .Append("<p>网页 <b>").Append(E(host)).Append("</b> 申请获取").Append(E(wants)).Append("。</p>")
            .Append(error is null ? "" : $"<p class=\"err\" role=\"alert\">{E(error)}</p>")
            .Append("<form method=\"post\" action=\"").Append(WeChatPaths.AuthorizeConfirm).Append("\">")
            .Append(Hidden("redirect_uri", request.RedirectUri)).Append(Hidden("scope", request.Scope)).Append(Hidden("state", request.State))
            .Append("<label for=\"openid\">以此 openid 登录（1–64 位字母、数字、_ 或 -）</label>")
            .Append("<input type=\"text\" id=\"openid\" name=\"openid\" required maxlength=\"64\" pattern=\"[A-Za-z0-9_\\-]{1,64}\" autocomplete=\"off\" spellcheck=\"false\" value=\"")
            .Append(E(openId)).Append("\">")
            .Append("<label class=\"check\"><input type=\"checkbox\" name=\"snapshot\" value=\"1\">模拟快照页用户（is_snapshotuser=1）</label>")
            .Append("<button type=\"submit\" name=\"action\" value=\"approve\">同意授权</button>")
            .Append("<button type=\"submit\" name=\"action\" value=\"generate\" class=\"secondary\" formnovalidate>生成新的 openid</button>")
            .Append("</form>");
        return new HtmlPage("微信授权（沙箱）", html.ToString(), error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    /// <summary>HTTP 200 like WeChat's own error page; the code also travels in <see cref="HtmlPage.ErrorHeader"/>.</summary>
    public static IResult Error(AuthorizeError error)
    {
        var body = $"<h1>出错了</h1><p class=\"err\" role=\"alert\">错误码：{error.Code}</p><p>{E(error.Message)}</p>"
            + "<p class=\"note\">这是本地开发用的模拟微信（WeChat sandbox）。</p>";
        return new HtmlPage("微信授权错误（沙箱）", body, StatusCodes.Status200OK, error.Code);
    }

    private static string Hidden(string name, string value) => $"<input type=\"hidden\" name=\"{name}\" value=\"{E(value)}\">";

    private static string E(string value) => WebUtility.HtmlEncode(value);
}
