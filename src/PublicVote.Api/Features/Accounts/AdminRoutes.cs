namespace PublicVote.Api.Features.Accounts;

public enum AdminAccessKind
{
    /// <summary>Any signed-in, active account (e.g. <c>/me</c>).</summary>
    AnyAccount,

    /// <summary>A global role: in practice <see cref="Roles.Admin"/>.</summary>
    GlobalRole,

    /// <summary>One of the roles on the route's (or query's) <c>campaignId</c>; admin passes everywhere.</summary>
    CampaignRole,
}

/// <summary>Endpoint metadata: what an admin route requires. A route without it is refused to everyone (deny by default).</summary>
public sealed record AdminAccess(AdminAccessKind Kind, IReadOnlyList<string> Roles);

/// <summary>
/// How every organizer route is mapped. Use it like this:
/// <code>
/// var admin = app.MapAdminGroup();                          // "/api/admin": sign-in required, antiforgery on cookie writes
/// admin.MapGet("/accounts", ...).RequireRole(Roles.Admin);  // global role
/// admin.MapPost("/campaigns/{campaignId:long}/candidates", ...)
///      .RequireCampaignRole(Roles.Organizer);               // grant on that campaign (admin passes)
/// admin.MapGet("/me", ...).AllowAnyAccount();               // any signed-in account
/// </code>
/// Every route in the group must declare one of the three: one that does not is refused with 403 (and the
/// authorization test, which enumerates every <c>/api/admin</c> endpoint, fails). The campaign id is taken from the
/// route value <c>campaignId</c>, else from the query string <c>?campaignId=</c>.
/// </summary>
public static class AdminRoutes
{
    public const string Prefix = "/api/admin";
    public const string Policy = "admin-account";

    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup(Prefix).WithTags("Admin").RequireAuthorization(Policy).AddEndpointFilter<AdminAntiforgeryFilter>();

    /// <summary>A global role; <see cref="Roles.Admin"/> is the only one (the others exist per campaign).</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string role)
        where TBuilder : IEndpointConventionBuilder =>
        role == Roles.Admin
            ? builder.WithMetadata(new AdminAccess(AdminAccessKind.GlobalRole, [role]))
            : throw new ArgumentException($"'{role}' is granted per campaign: use RequireCampaignRole.", nameof(role));

    public static TBuilder RequireCampaignRole<TBuilder>(this TBuilder builder, params string[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        roles.Length > 0 && roles.All(Roles.IsCampaignRole)
            ? builder.WithMetadata(new AdminAccess(AdminAccessKind.CampaignRole, roles))
            : throw new ArgumentException("Name one or more of organizer, judge, reviewer (admin passes anyway).", nameof(roles));

    public static TBuilder AllowAnyAccount<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AdminAccess(AdminAccessKind.AnyAccount, []));
}
