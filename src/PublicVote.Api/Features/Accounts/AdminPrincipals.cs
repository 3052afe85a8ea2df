using System.Security.Claims;

namespace PublicVote.Api.Features.Accounts;

/// <summary>
/// Turns a verified token into the account's current principal. One small query per admin request (admin traffic
/// is light), and no cache on purpose: a disabled account or a changed password takes effect on the next request.
/// </summary>
public sealed class AdminPrincipals(AccountRepository accounts)
{
    public async Task<ClaimsPrincipal?> LoadAsync(AdminTokenClaims token, string authenticationType)
    {
        if (await accounts.LoadAsync(token.AccountId) is not { } loaded
            || loaded.Account.Status != AccountStatus.Active
            || loaded.Account.SecurityStamp != token.SecurityStamp)
        {
            return null;
        }
        return AdminUser.ToPrincipal(loaded.Account, loaded.Grants, authenticationType);
    }
}

public static class AccountStatus
{
    public const string Active = "active";
    public const string Disabled = "disabled";
}
