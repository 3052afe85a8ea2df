using Microsoft.AspNetCore.Identity;

namespace PublicVote.Api.Features.Accounts;

/// <summary>ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2-HMAC-SHA512, salted, versioned format).</summary>
public static class AccountPasswords
{
    private static readonly PasswordHasher<AccountRow> Hasher = new();

    // Verified against when the user name is unknown, so that answer takes as long as a wrong password.
    private static readonly Lazy<string> UnknownUserHash = new(() => Hasher.HashPassword(null!, Guid.NewGuid().ToString()));

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public static PasswordVerificationResult Verify(string? hash, string password)
    {
        var result = Hasher.VerifyHashedPassword(null!, hash ?? UnknownUserHash.Value, password);
        return hash is null ? PasswordVerificationResult.Failed : result;
    }
}
