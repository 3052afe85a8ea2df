using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace PublicVote.Api.Hosting;

/// <summary>
/// The one shape of our signed, stateless values (voter sessions, admin tokens, the login-state cookie):
/// <c>base64url(payload) + "." + base64url(HMAC-SHA256(key, payload))</c>. Each user keeps its own key and payload.
/// </summary>
public static class SignedValues
{
    public static string Seal(byte[] key, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url.EncodeToString(bytes) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, bytes));
    }

    /// <summary>The payload if the value is well formed and signed with <paramref name="key"/>; else null.</summary>
    public static string? Open(byte[] key, string? value, int maxLength)
    {
        var dot = value?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (dot <= 0 || value!.Length > maxLength)
        {
            return null;
        }
        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(value.AsSpan(0, dot));
            mac = Base64Url.DecodeFromChars(value.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }
        return CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), mac)
            ? Encoding.UTF8.GetString(payload)
            : null;
    }
}
