using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PublicVote.Api.Features.WeChat;

/// <summary>
/// The JS-SDK signature (附录1): SHA-1 of <c>jsapi_ticket=…&amp;noncestr=…&amp;timestamp=…&amp;url=…</c> (keys in ASCII
/// order, raw values, never URL-encoded), lower-case hex. The URL is the page's, without its fragment.
/// </summary>
public static class JsSdkSigner
{
    public static string Sign(string jsApiTicket, string nonceStr, long timestamp, string url)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"jsapi_ticket={jsApiTicket}&noncestr={nonceStr}&timestamp={timestamp}&url={WithoutFragment(url)}");
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public static string WithoutFragment(string url)
    {
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? url : url[..hash];
    }
}
