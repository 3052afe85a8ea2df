using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PublicVote.Api.Hosting;

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
        return (SignedValues.Seal(key, string.Create(CultureInfo.InvariantCulture,
            $"a1|{accountId}|{securityStamp:N}|{expiresAt.ToUnixTimeSeconds()}")), expiresAt);
    }

    /// <summary>The token's claims if it is ours, well formed and not expired; else null.</summary>
    public AdminTokenClaims? Verify(string? token)
    {
        if (_key is null || SignedValues.Open(_key, token, maxLength: 256) is not { } payload)
        {
            return null;
        }
        var parts = payload.Split('|');
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
