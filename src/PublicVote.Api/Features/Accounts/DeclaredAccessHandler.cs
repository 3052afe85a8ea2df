using System.Globalization;
using Microsoft.AspNetCore.Authorization;

namespace PublicVote.Api.Features.Accounts;

public sealed class DeclaredAccessRequirement : IAuthorizationRequirement;

/// <summary>Checks the signed-in account against the route's <see cref="AdminAccess"/> (see <see cref="AdminRoutes"/>).</summary>
public sealed class DeclaredAccessHandler : AuthorizationHandler<DeclaredAccessRequirement, HttpContext>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DeclaredAccessRequirement requirement, HttpContext resource)
    {
        var access = resource.GetEndpoint()?.Metadata.GetMetadata<AdminAccess>();
        if (access is not null && AdminUser.From(context.User) is { } user && Allows(user, access, resource))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    private static bool Allows(AdminUser user, AdminAccess access, HttpContext http) => access.Kind switch
    {
        AdminAccessKind.AnyAccount => true,
        AdminAccessKind.GlobalRole => user.IsAdmin,
        AdminAccessKind.CampaignRole => user.IsAdmin || CampaignIdOf(http) is { } campaignId && user.HasCampaignRole(campaignId, access.Roles),
        _ => false,
    };

    public static long? CampaignIdOf(HttpContext http)
    {
        var raw = http.GetRouteValue("campaignId")?.ToString() ?? http.Request.Query["campaignId"].ToString();
        return long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }
}
