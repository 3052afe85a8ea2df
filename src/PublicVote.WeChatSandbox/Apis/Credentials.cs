using System.Security.Cryptography;
using System.Text;
using static PublicVote.WeChatSandbox.Wire.WeChatErrors;

namespace PublicVote.WeChatSandbox.Apis;

/// <summary>The appid + secret check shared by the code exchange and both global-token endpoints.</summary>
public static class Credentials
{
    /// <summary>Null when both match, else the errcode WeChat answers.</summary>
    public static int? Check(string? appId, string? secret, SandboxOptions options)
    {
        if (string.IsNullOrEmpty(appId))
        {
            return AppIdMissing;
        }
        if (appId != options.AppId)
        {
            return InvalidAppId;
        }
        if (string.IsNullOrEmpty(secret))
        {
            return AppSecretMissing;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(options.AppSecret))
            ? null
            : InvalidAppSecret;
    }
}
