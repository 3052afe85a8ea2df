using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace PublicVote.Api.Features.Accounts;

public sealed record AdminTokenClaims(long AccountId, Guid SecurityStamp, DateTimeOffset ExpiresAt);

/// <summary>
/// Admin bearer tokens and login-cookie values: <c>base64url("a1|account|stamp|expiry unix s") + "." + base64url(HMAC-SHA256)</c>,
/// keyed from <c>Admin:TokenKey</c> so every node verifies every other node's tokens. The stamp ties a token to the
/// account's current password and status: the principal loader compares it with the stored one on every request.
/// </summary>
public sealed class AdminTokens(IOptions<AdminOptions> options, TimeProvider time)
{
    private readonly byte[]? _key = options.Value.TokenKey.Length == 0
        ? null
        : HKDF.DeriveKey(HashAlgorithmName.SHA256, options.Value.TokenKeyBytes(), 32, info: "publicvote admin token v1"u8.ToArray());

    public bool IsConfigured => _key is not null;

    public (string Token, DateTimeOffset ExpiresAt) Issue(long accountId, Guid securityStamp)
    {
        var key = _key ?? throw new InvalidOperationException("Admin:TokenKey is not configured.");
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().Add(options.Value.TokenLifetime).ToUnixTimeSeconds());
        var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"a1|{accountId}|{securityStamp:N}|{expiresAt.ToUnixTimeSeconds()}"));
        return (Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key, payload)), expiresAt);
    }

    /// <summary>The token's claims if it is ours, well formed and not expired; else null.</summary>
    public AdminTokenClaims? Verify(string? token)
    {
        if (_key is null || string.IsNullOrEmpty(token) || token.Length > 256)
        {
            return null;
        }
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        byte[] payload, mac;
        try
        {
            payload = Base64Url.DecodeFromChars(token.AsSpan(0, Math.Max(dot, 0)));
            mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            return null;
        }
        if (dot <= 0 || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), mac))
        {
            return null;
        }
        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 4 || parts[0] != "a1"
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var accountId)
            || !Guid.TryParseExact(parts[2], "N", out var stamp)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(expires);
        return time.GetUtcNow() < expiresAt ? new AdminTokenClaims(accountId, stamp, expiresAt) : null;
    }
}
