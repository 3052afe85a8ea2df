using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace PublicVote.Api.Features.Accounts;

/// <summary>
/// The login cookie holds an admin token (HMAC with <c>Admin:TokenKey</c>) instead of a data-protected ticket, so
/// every node reads every node's cookies. The ticket carries only the account id and stamp; the cookie handler's
/// <c>OnValidatePrincipal</c> loads the current account and its roles.
/// </summary>
public sealed class AdminCookieFormat(AdminTokens tokens) : ISecureDataFormat<AuthenticationTicket>
{
    public string Protect(AuthenticationTicket data) => Protect(data, null);

    public string Protect(AuthenticationTicket data, string? purpose)
    {
        var id = long.Parse(data.Principal.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);
        var stamp = Guid.ParseExact(data.Principal.FindFirstValue(AdminUser.StampClaim)!, "N");
        return tokens.Issue(id, stamp).Token;
    }

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (tokens.Verify(protectedText) is not { } token)
        {
            return null;
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, token.AccountId.ToString(CultureInfo.InvariantCulture)),
                new Claim(AdminUser.StampClaim, token.SecurityStamp.ToString("N")),
            ], AdminAuth.CookieScheme);
        return new AuthenticationTicket(new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = token.ExpiresAt }, AdminAuth.CookieScheme);
    }

    public static AdminTokenClaims? ClaimsOf(ClaimsPrincipal? principal, DateTimeOffset? expiresAt) =>
        principal is not null
        && long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
        && Guid.TryParseExact(principal.FindFirstValue(AdminUser.StampClaim), "N", out var stamp)
            ? new AdminTokenClaims(id, stamp, expiresAt ?? DateTimeOffset.MinValue)
            : null;
}
