using System.Globalization;
using System.Security.Claims;

namespace PublicVote.Api.Features.Accounts;

/// <summary>The signed-in account as its claims carry it: loaded from PostgreSQL on every admin request.</summary>
public sealed record AdminUser(long AccountId, string UserName, bool IsAdmin, IReadOnlyList<(string Role, long CampaignId)> Grants)
{
    public const string GrantClaim = "pv:grant";
    public const string StampClaim = "pv:stamp";

    /// <summary>Admin passes everywhere; the others need one of the roles on that campaign.</summary>
    public bool HasCampaignRole(long campaignId, IEnumerable<string> roles) =>
        IsAdmin || roles.Any(role => Grants.Contains((role, campaignId)));

    public static AdminUser? From(ClaimsPrincipal principal)
    {
        if (!long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        var grants = principal.FindAll(GrantClaim)
            .Select(c => c.Value.Split(':'))
            .Select(p => (p[0], long.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
        return new AdminUser(id, principal.Identity?.Name ?? "", principal.IsInRole(Roles.Admin), grants);
    }

    public static ClaimsPrincipal ToPrincipal(AccountRow account, IEnumerable<GrantRow> grants, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, account.UserName),
            new(StampClaim, account.SecurityStamp.ToString("N")),
        };
        foreach (var grant in grants)
        {
            claims.Add(grant.CampaignId is { } campaignId
                ? new Claim(GrantClaim, string.Create(CultureInfo.InvariantCulture, $"{grant.Role}:{campaignId}"))
                : new Claim(ClaimTypes.Role, grant.Role));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
