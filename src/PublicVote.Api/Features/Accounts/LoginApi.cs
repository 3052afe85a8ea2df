using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using PublicVote.Api.Features.Audit;
using PublicVote.Api.Hosting;

namespace PublicVote.Api.Features.Accounts;

/// <summary>Sign-in for organizers: a cookie for the browser consoles and a bearer token for scripts (docs/accounts.md).</summary>
public static class LoginApi
{
    public static RouteGroupBuilder MapLogin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/login", LoginAsync).AllowAnonymous();
        admin.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(AdminAuth.CookieScheme);
            return TypedResults.NoContent();
        }).AllowAnonymous();
        admin.MapGet("/me", async Task<Results<Ok<AccountView>, ProblemHttpResult>> (HttpContext http, AccountRepository accounts) =>
            await accounts.LoadAsync(AdminUser.From(http.User)!.AccountId) is { } loaded
                ? TypedResults.Ok(AccountRepository.ToView(loaded.Account, loaded.Grants))
                : Problems.Of(404, Problems.AccountNotFound, "No such account.")).AllowAnyAccount();
        admin.MapGet("/antiforgery", (HttpContext http, IAntiforgery antiforgery) =>
            TypedResults.Ok(new AntiforgeryToken(AdminAuth.AntiforgeryHeader, antiforgery.GetAndStoreTokens(http).RequestToken!)))
            .AllowAnyAccount();
        return admin;
    }

    private static async Task<Results<Ok<LoginResult>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, AccountRepository accounts, LoginThrottle throttle, LoginIpLimiter perIp,
        AdminTokens tokens, AuditLog audit)
    {
        if (!perIp.TryTake(http, out var retryAfter))
        {
            var seconds = (int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds));
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Of(429, Problems.RateLimited, "Too many sign-in attempts from this address.",
                "Wait a minute and try again.", new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
        }
        if (!tokens.IsConfigured)
        {
            return Problems.Of(503, Problems.AdminNotConfigured, "Organizer sign-in is not configured on this server.", "Set Admin:TokenKey.");
        }
        if (await throttle.LockedUntilAsync(request.UserName) is { } lockedUntil)
        {
            return Locked(http, lockedUntil);
        }
        var account = await accounts.FindByUserNameAsync(request.UserName);
        var verdict = AccountPasswords.Verify(account?.PasswordHash, request.Password);
        if (account is null || verdict == PasswordVerificationResult.Failed)
        {
            return await throttle.RecordFailureAsync(request.UserName) is { } until
                ? Locked(http, until)
                : Problems.Of(401, Problems.LoginFailed, "Wrong user name or password.");
        }
        await throttle.ClearAsync(request.UserName);
        if (account.Status != AccountStatus.Active)
        {
            return Problems.Of(403, Problems.AccountDisabled, "This account is disabled.", "An admin can enable it again.");
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await accounts.UpdateHashAsync(account.Id, AccountPasswords.Hash(request.Password));
        }
        var (token, expiresAt) = tokens.Issue(account.Id, account.SecurityStamp);
        var grants = (await accounts.LoadAsync(account.Id))?.Grants ?? [];
        await http.SignInAsync(AdminAuth.CookieScheme, AdminUser.ToPrincipal(account, grants, AdminAuth.CookieScheme),
            new AuthenticationProperties { ExpiresUtc = expiresAt });
        var view = AccountRepository.ToView(account, grants);
        await using (var connection = await accounts.DataSource.OpenConnectionAsync())
        {
            await audit.RecordAsync(connection, null, AuditActor.From(http) with { AccountId = account.Id, UserName = account.UserName },
                new AuditEntry("account.login", "account", account.Id.ToString(CultureInfo.InvariantCulture), null, null, null));
        }
        return TypedResults.Ok(new LoginResult(token, expiresAt, view));
    }

    private static ProblemHttpResult Locked(HttpContext http, DateTimeOffset until)
    {
        var seconds = (int)Math.Ceiling(Math.Max(1, (until - http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.Of(429, Problems.LoginLocked, "Too many failed sign-ins for this user name.",
            "Try again later, or ask an admin to reset the password.",
            new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds, ["lockedUntil"] = until });
    }
}
