using Microsoft.Extensions.Options;
using PublicVote.Api.Features.Audit;

namespace PublicVote.Api.Features.Accounts;

public static class AccountsSetup
{
    /// <summary>Organizer accounts, admin sign-in (cookie + bearer), authorization of <c>/api/admin/**</c>, the audit log.</summary>
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();
        services.AddSingleton<AdminTokens>();
        services.AddSingleton<AccountRepository>();
        services.AddSingleton<AdminPrincipals>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<LoginIpLimiter>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<AuditQuery>();
        services.AddAdminAuth();
        services.AddHostedService<AdminBootstrap>();
        return services;
    }

    /// <summary>Authentication then authorization, after routing (implicit) and before the endpoints.</summary>
    public static WebApplication UseAccounts(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static RouteGroupBuilder MapAccounts(this IEndpointRouteBuilder app) =>
        app.MapAdminGroup().MapLogin().MapAccountAdmin().MapGrantAdmin().MapAudit();
}
