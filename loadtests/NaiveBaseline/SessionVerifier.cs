using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace NaiveBaseline;

/// <summary>The product's session token format (payload "v1|campaign|expiry|openid", HMAC-SHA256), read-only.</summary>
internal sealed class SessionVerifier(byte[] key)
{
    public (long CampaignId, string OpenId)? Verify(string authorization)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }
        var parts = authorization[7..].Split('.');
        if (parts.Length != 2)
        {
            return null;
        }
        var payload = Base64Url.DecodeFromChars(parts[0]);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), Base64Url.DecodeFromChars(parts[1])))
        {
            return null;
        }
        var fields = Encoding.UTF8.GetString(payload).Split('|');
        var expired = long.Parse(fields[2], CultureInfo.InvariantCulture) <= DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return fields.Length == 4 && fields[0] == "v1" && !expired
            ? (long.Parse(fields[1], CultureInfo.InvariantCulture), fields[3])
            : null;
    }
}
