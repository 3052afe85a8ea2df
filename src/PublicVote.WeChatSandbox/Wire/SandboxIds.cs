using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PublicVote.WeChatSandbox.Wire;

/// <summary>Random identifiers shaped like WeChat's, from a cryptographic generator (they act as credentials).</summary>
public static partial class SandboxIds
{
    private const string Alphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string UrlSafe = Alphanumeric + "_-";

    public static string Code() => RandomNumberGenerator.GetString(Alphanumeric, 32);

    /// <summary>28 characters starting with "o", like the openids of an official account.</summary>
    public static string OpenId() => "o" + RandomNumberGenerator.GetString(UrlSafe, 27);

    public static string Token() => RandomNumberGenerator.GetString(UrlSafe, 110);

    public static string Ticket() => RandomNumberGenerator.GetString(UrlSafe, 86);

    /// <summary>Stable per openid, so one user keeps one unionid across logins.</summary>
    public static string UnionIdFor(string openId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("unionid:" + openId));
        return "o" + Convert.ToBase64String(hash).Replace('+', '-').Replace('/', '_')[..27];
    }

    /// <summary>Like WeChat's "rid: 645ca8fe-448ccd42-1a78a4b0": the Unix time in hex, then two random words.</summary>
    public static string Rid(TimeProvider time)
    {
        var seconds = (uint)time.GetUtcNow().ToUnixTimeSeconds();
        return $"{seconds:x8}-{RandomNumberGenerator.GetInt32(int.MaxValue):x8}-{RandomNumberGenerator.GetInt32(int.MaxValue):x8}";
    }

    public static bool IsValidOpenId(string? value) => value is not null && OpenIdPattern().IsMatch(value);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex OpenIdPattern();
}
