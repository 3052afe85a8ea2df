using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PublicVote.Api.Features.Accounts;

/// <summary>
/// The admin authentication schemes: a bearer token for scripts, a cookie for the browser consoles, and a policy
/// scheme that picks one per request. None is the default scheme, so voter routes (which carry their own bearer
/// sessions) never pay for admin authentication: only the admin policy names these schemes.
/// </summary>
public static class AdminAuth
{
    public const string Scheme = "Admin";
    public const string BearerScheme = "AdminBearer";
    public const string CookieScheme = "AdminCookie";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    public static IServiceCollection AddAdminAuth(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddPolicyScheme(Scheme, null, o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? BearerScheme : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, AdminBearerHandler>(BearerScheme, null)
            .AddCookie(CookieScheme);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme).Configure<AdminTokens, IOptions<AdminOptions>>((o, tokens, admin) =>
        {
            o.TicketDataFormat = new AdminCookieFormat(tokens);
            o.Cookie.Name = admin.Value.CookieName;
            o.Cookie.Path = AdminRoutes.Prefix;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = admin.Value.TokenLifetime;
            o.SlidingExpiration = false;
            o.Events.OnValidatePrincipal = ValidateCookieAsync;
            // An API answers 401/403 (written as ProblemDetails by AdminAuthorizationResults), never a redirect.
            o.Events.OnRedirectToLogin = c => SetStatus(c.Response, 401);
            o.Events.OnRedirectToAccessDenied = c => SetStatus(c.Response, 403);
        });
        services.AddSingleton<IAuthorizationHandler, DeclaredAccessHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AdminAuthorizationResults>();
        services.AddAuthorizationBuilder().AddPolicy(AdminRoutes.Policy, p => p
            .AddAuthenticationSchemes(Scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(new DeclaredAccessRequirement()));

        services.AddDataProtection().SetApplicationName("PublicVote");
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource, IOptions<AdminOptions>>((o, db, admin) =>
        {
            o.XmlRepository = new PostgresKeyRepository(db);
            // Without a token key nobody can sign in, so the key ring protects nothing yet; it stays readable then.
            if (admin.Value.TokenKey.Length > 0)
            {
                o.XmlEncryptor = new KeyRingXmlEncryptor(KeyRingEncryption.DeriveKey(admin.Value));
            }
        });
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryHeader;
            o.Cookie.Name = "pv_admin_af";
            o.Cookie.Path = AdminRoutes.Prefix;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    private static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var principals = context.HttpContext.RequestServices.GetRequiredService<AdminPrincipals>();
        if (AdminCookieFormat.ClaimsOf(context.Principal, context.Properties.ExpiresUtc) is { } token
            && await principals.LoadAsync(token, CookieScheme) is { } principal)
        {
            context.ReplacePrincipal(principal);
            return;
        }
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieScheme);
    }

    private static Task SetStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
